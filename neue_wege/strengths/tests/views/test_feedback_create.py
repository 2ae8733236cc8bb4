"""strengths:feedback-create — the facilitator names strengths in a shared story."""

import uuid

import pytest
from django.urls import reverse

from neue_wege.privacy.models import AuditEvent
from neue_wege.strengths.models import StrengthFeedback
from neue_wege.strengths.tests.views.profile_data import strength

pytestmark = pytest.mark.django_db


def url(run_id, story_id):
    return reverse("strengths:feedback-create", args=[run_id, story_id])


def test_form_shows_story_and_cards(cast, login, data):
    response = login(cast.fatma).get(url(cast.run_a.pk, data.move.pk))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Rückmeldung zu „Der Umzug“" in text
    assert "nie aufgegeben" in text
    assert "Welche Stärken sehen Sie?" in text and "Zuverlässigkeit" in text
    assert AuditEvent.objects.filter(actor=cast.fatma, object_id=str(data.move.pk),
                                     action="view").exists()


def test_post_gives_facilitator_feedback(cast, login, data):
    mut = strength(cast, "mut")
    response = login(cast.fatma).post(url(cast.run_a.pk, data.move.pk),
                                      {"strengths": [str(mut.pk)], "note": "Mutig!"})
    assert response.status_code == 302
    given = StrengthFeedback.objects.get(story=data.move, strength=mut)
    assert given.source == "facilitator" and given.given_by == cast.fatma
    assert given.status == "visible" and given.note == "Mutig!"


def test_nothing_chosen_keeps_note(cast, login, data):
    response = login(cast.fatma).post(url(cast.run_a.pk, data.move.pk),
                                      {"note": "Meine Notiz"})
    text = response.content.decode()
    assert "Bitte wählen Sie mindestens eine Stärke aus." in text and "Meine Notiz" in text


def test_same_strength_twice_gives_german_error(cast, login, data):
    kom = strength(cast, "kommunikationsfaehigkeit")  # fatma named it already
    response = login(cast.fatma).post(url(cast.run_a.pk, data.move.pk),
                                      {"strengths": [str(kom.pk)], "note": "noch mal"})
    text = response.content.decode()
    assert "schon genannt" in text and "noch mal" in text


def test_private_story_is_404(cast, login, data):
    assert login(cast.fatma).get(url(cast.run_a.pk, data.garden.pk)).status_code == 404


def test_story_of_other_run_is_404(cast, login, data):
    assert login(cast.fatma).get(url(cast.run_b.pk, data.move.pk)).status_code == 404


def test_personas(cast, check_personas, data):
    check_personas(url(cast.run_a.pk, data.move.pk), {"fatma": 200})


def test_random_uuid_404(cast, login, data):
    assert login(cast.fatma).get(url(cast.run_a.pk, uuid.uuid4())).status_code == 404


def test_put_not_allowed(cast, login, data):
    assert login(cast.fatma).put(url(cast.run_a.pk, data.move.pk)).status_code == 405
