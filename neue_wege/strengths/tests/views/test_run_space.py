"""strengths:run-space — the facilitator's view of the run's stories and feedback."""

import re
import uuid

import pytest
from django.urls import reverse

from neue_wege.privacy.models import AuditEvent, Consent
from neue_wege.strengths.models import Story, StrengthFeedback
from neue_wege.strengths.tests.views.profile_data import feedback, strength
from neue_wege.testing.assertions import assert_max_queries

pytestmark = pytest.mark.django_db


def url(run_id):
    return reverse("strengths:run-space", args=[run_id])


def test_fatma_sees_shared_stories_held_queue_and_activity(cast, login, data):
    response = login(cast.fatma).get(url(cast.run_a.pk))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Stärken-Arbeit: Stärken entdecken A" in text
    assert "Der Umzug" in text and "Fußballtraining" in text
    assert "Mein Garten" not in text  # private
    assert "Rückmeldungen zur Prüfung (1)" in text
    assert "Das ist doch Quatsch." in text and "Der Hinweis klingt verletzend." in text
    assert reverse("strengths:feedback-release", args=[cast.run_a.pk, data.held.pk]) in text
    assert "Nina Kemper" in text and "Ali Demir" in text and "Lea Brink" in text
    assert "Kein Export: Die Person muss in ihrem Portal" in text


def test_story_reads_are_logged(cast, login, data):
    login(cast.fatma).get(url(cast.run_a.pk))
    logged = set(AuditEvent.objects.filter(actor=cast.fatma, action="view",
                                           object_type="strengths.Story")
                 .values_list("object_id", flat=True))
    assert logged == {str(data.move.pk), str(data.ali_story.pk)}


def test_export_link_only_with_consent(cast, login, data):
    Consent.objects.create(client=cast.nina, purpose=Consent.Purpose.EXPORT_PROFILE,
                           object_type="clients.Client", object_id=str(cast.nina.pk),
                           wording="Ja")
    text = login(cast.fatma).get(url(cast.run_a.pk)).content.decode()
    assert reverse("strengths:profile-export",
                   args=[cast.run_a.pk, cast.nina_enrollment.pk]) in text
    assert reverse("strengths:profile-export",
                   args=[cast.run_a.pk, cast.ali_enrollment.pk]) not in text


def test_withdrawn_story_disappears(cast, login, data):
    Story.objects.filter(pk=data.move.pk).update(visibility=Story.Visibility.PRIVATE)
    text = login(cast.fatma).get(url(cast.run_a.pk)).content.decode()
    assert "Der Umzug" not in text


def test_personas(cast, check_personas, data):
    check_personas(url(cast.run_a.pk), {"fatma": 200})
    check_personas(url(cast.run_b.pk), {"jonas": 200})


def test_random_uuid_404(cast, login):
    assert login(cast.fatma).get(url(uuid.uuid4())).status_code == 404


def test_post_not_allowed(cast, login):
    assert login(cast.fatma).post(url(cast.run_a.pk)).status_code == 405


def test_queries_are_bounded(cast, login, data):
    for number in range(30):
        story = Story.objects.create(enrollment=cast.ali_enrollment, title=f"G{number}",
                                     text="Ich habe geholfen.",
                                     visibility=Story.Visibility.GROUP)
        feedback(story, strength(cast, "geduld"), StrengthFeedback.Source.PEER,
                 cast.nina_user, cast.nina_enrollment)
    http = login(cast.fatma)
    with assert_max_queries(16):
        response = http.get(url(cast.run_a.pk))
    assert response.status_code == 200
    shown = set(re.findall(r"\bG(\d+)\b", response.content.decode()))
    assert len(shown) >= 20  # the rows were rendered, not just counted
