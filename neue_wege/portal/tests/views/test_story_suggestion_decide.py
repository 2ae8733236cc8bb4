"""portal:suggestion-decide — accept or reject one suggestion; offsets only are logged."""

from __future__ import annotations

import pytest
from django.urls import reverse

from neue_wege.strengths.models import StrengthFeedback, SuggestionDecision
from neue_wege.strengths.services.stories import share_wording, story_save, story_share

pytestmark = pytest.mark.django_db
TEXT = "Ich habe nie aufgegeben und war immer pünktlich."


@pytest.fixture
def story(cast):
    return story_save(actor=cast.nina_user, story_or_none=None, title="Mein Jahr", text=TEXT)


def url(story):
    return reverse("portal:suggestion-decide", args=[story.pk])


def test_accept_adds_self_feedback_with_the_passage(cast, login, story):
    response = login(cast.nina_user).post(url(story), {"strength": "durchhaltevermoegen",
                                                        "decision": "accepted"}, follow=True)
    assert "steht jetzt bei Ihren Stärken" in response.content.decode()
    record = SuggestionDecision.objects.get()
    assert record.decision == "accepted" and 0 < record.score <= 1
    assert all(set(span) == {"start", "end"} for span in record.evidence)
    start, end = record.evidence[0]["start"], record.evidence[0]["end"]
    assert "aufgegeben" in TEXT[start:end]
    fb = StrengthFeedback.objects.get()
    assert fb.source == "self" and (fb.evidence_start, fb.evidence_end) == (start, end)
    assert "übernommen" in response.content.decode()


def test_reject_logs_only_the_decision(cast, login, story):
    login(cast.nina_user).post(url(story), {"strength": "durchhaltevermoegen",
                                            "decision": "rejected"})
    assert SuggestionDecision.objects.get().decision == "rejected"
    assert not StrengthFeedback.objects.exists()


def test_a_strength_the_assistant_did_not_suggest_is_refused(cast, login, story):
    response = login(cast.nina_user).post(url(story), {"strength": "humor",
                                                        "decision": "accepted"}, follow=True)
    assert "gibt es für Ihre Geschichte nicht" in response.content.decode()
    assert not SuggestionDecision.objects.exists()


def test_invalid_decision_is_refused(cast, login, story):
    response = login(cast.nina_user).post(url(story), {"strength": "durchhaltevermoegen",
                                                        "decision": "maybe"}, follow=True)
    assert "Übernehmen" in response.content.decode()
    assert not SuggestionDecision.objects.exists()


@pytest.mark.parametrize("name", ["ali_user", "sven_user", "fatma", "jonas", "karl", "maria",
                                  "admin", "olga"])
def test_only_the_writer(cast, login, story, name):
    story_share(actor=cast.nina_user, story=story, visibility="group",
                wording=share_wording("group"))
    response = login(getattr(cast, name)).post(url(story), {"strength": "durchhaltevermoegen",
                                                            "decision": "accepted"})
    assert response.status_code == 404
    assert not SuggestionDecision.objects.exists()


def test_get_is_405(cast, login, story):
    assert login(cast.nina_user).get(url(story)).status_code == 405
