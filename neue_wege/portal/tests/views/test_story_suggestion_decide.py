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


def test_htmx_decision_swaps_only_that_card(cast, login, story):
    client = login(cast.nina_user)
    response = client.post(url(story), {"strength": "durchhaltevermoegen",
                                        "decision": "accepted"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    card = response.content.decode()
    assert card.startswith('<li class="kern-card nw-suggestion" id="suggestion-durchhaltevermoegen"')
    assert "<html" not in card and "<h1" not in card
    assert "übernommen" in card and "steht jetzt bei Ihren Stärken" in card
    assert 'value="accepted"' not in card  # decided: no buttons left on the card
    assert StrengthFeedback.objects.filter(source="self").count() == 1
    rejected = client.post(url(story), {"strength": "puenktlichkeit", "decision": "rejected"},
                           HTTP_HX_REQUEST="true").content.decode()
    assert 'id="suggestion-puenktlichkeit"' in rejected and "verworfen" in rejected
    assert 'value="rejected"' not in rejected and 'value="accepted"' in rejected


def test_the_page_shows_the_story_once_with_every_passage_marked(cast, login, story):
    page = login(cast.nina_user).get(reverse("portal:story-suggestions", args=[story.pk]))
    html = page.content.decode()
    assert html.count("Ich habe") == 1  # the story once, not once per suggestion
    assert html.count('class="kern-card nw-suggestion"') >= 2
    story_block = html.split('class="kern-body nw-suggestion__text">', 1)[1].split("</blockquote>")[0]
    assert "<mark>" in story_block and "aufgegeben" in story_block and "pünktlich" in story_block
    assert 'hx-swap="outerHTML show:none"' in html
