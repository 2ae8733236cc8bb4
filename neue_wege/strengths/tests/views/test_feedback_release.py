"""strengths:feedback-release — the facilitator releases held feedback."""

import uuid

import pytest
from django.urls import reverse

from neue_wege.strengths.models import StrengthFeedback

pytestmark = pytest.mark.django_db
Status = StrengthFeedback.Status


def url(run_id, feedback_id):
    return reverse("strengths:feedback-release", args=[run_id, feedback_id])


def test_fatma_releases_held_feedback(cast, login, data):
    response = login(cast.fatma).post(url(cast.run_a.pk, data.held.pk), follow=True)
    assert "Die Rückmeldung ist freigegeben." in response.content.decode()
    data.held.refresh_from_db()
    assert data.held.status == Status.VISIBLE and data.held.moderated_by == cast.fatma


def test_released_feedback_reaches_the_profile(cast, login, data):
    login(cast.fatma).post(url(cast.run_a.pk, data.held.pk))
    text = login(cast.nina_user).get(reverse("portal:profile")).content.decode()
    assert "Hilfsbereitschaft" in text


def test_visible_feedback_cannot_be_released(cast, login, data):
    visible = StrengthFeedback.objects.filter(story=data.move, status=Status.VISIBLE,
                                              source="peer").first()
    response = login(cast.fatma).post(url(cast.run_a.pk, visible.pk), follow=True)
    assert "wartet nicht auf eine Prüfung" in response.content.decode()


def test_personas(cast, check_personas, data):
    check_personas(url(cast.run_a.pk, data.held.pk), {"fatma": 302}, method="post")
    # jonas leads run B: the feedback is not in his run
    check_personas(url(cast.run_b.pk, data.held.pk), {}, method="post")


def test_random_uuid_404(cast, login, data):
    assert login(cast.fatma).post(url(cast.run_a.pk, uuid.uuid4())).status_code == 404


def test_get_not_allowed(cast, login, data):
    assert login(cast.fatma).get(url(cast.run_a.pk, data.held.pk)).status_code == 405
    data.held.refresh_from_db()
    assert data.held.status == Status.HELD
