"""portal:story-suggestions — the assistant's suggestions with highlighted evidence."""

from __future__ import annotations

import pytest
from django.urls import reverse

from neue_wege.portal.views.stories import highlight
from neue_wege.strengths.models import StrengthFeedback, SuggestionDecision
from neue_wege.strengths.services.stories import (
    share_wording,
    story_draft_save,
    story_save,
    story_share,
)

pytestmark = pytest.mark.django_db
TEXT = "<b>Mein Jahr</b>: Ich habe nie aufgegeben & war immer pünktlich."


@pytest.fixture
def story(cast):
    return story_save(actor=cast.nina_user, story_or_none=None, title="Mein Jahr", text=TEXT)


def url(story):
    return reverse("portal:story-suggestions", args=[story.pk])


def test_suggestions_with_score_marked_evidence_and_label(cast, login, story):
    response = login(cast.nina_user).get(url(story))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Stärken-Vorschläge (KI-Vorschlag)" in html and "KI-Vorschlag" in html
    assert reverse("portal:assistant-help") in html
    assert "Durchhaltevermögen" in html and "<meter" in html
    assert "<mark>nie aufgegeben</mark>" in html
    assert "&lt;b&gt;Mein Jahr&lt;/b&gt;" in html and "<b>Mein Jahr</b>" not in html
    assert "&amp; war" in html
    assert "übernehmen" in html and "verwerfen" in html
    assert not SuggestionDecision.objects.exists() and not StrengthFeedback.objects.exists()


def test_non_german_text_gets_the_german_message(cast, login):
    story = story_save(actor=cast.nina_user, story_or_none=None, title="",
                       text="The quick brown fox jumps over the lazy dog and then it was "
                            "very happy with the result of the day.")
    html = login(cast.nina_user).get(url(story)).content.decode()
    # plainly, with what still works (issue 14; portal/language_messages.py)
    assert "Die Vorschläge des Programms gibt es nur für Geschichten auf Deutsch." in html
    assert "können trotzdem Stärken in Ihrer Geschichte nennen" in html


def test_an_unsaved_draft_has_no_suggestions(cast, login):
    draft = story_draft_save(actor=cast.nina_user, story_or_none=None, title="", text="Ent")
    html = login(cast.nina_user).get(url(draft)).content.decode()
    assert "Bitte speichern Sie Ihre Geschichte zuerst." in html


@pytest.mark.parametrize("name", ["ali_user", "sven_user", "fatma", "jonas", "karl", "maria",
                                  "admin", "olga"])
def test_only_the_writer(cast, login, story, name):
    story_share(actor=cast.nina_user, story=story, visibility="group",
                wording=share_wording("group"))
    assert login(getattr(cast, name)).get(url(story)).status_code == 404


def test_post_is_405(cast, login, story):
    assert login(cast.nina_user).post(url(story)).status_code == 405


def test_highlight_escapes_and_merges_spans():
    assert highlight("a<b>c", [(1, 4)]) == "a<mark>&lt;b&gt;</mark>c"
    assert highlight("abcdef", [(3, 5), (0, 2), (1, 3)]) == "<mark>abcde</mark>f"
    assert highlight("ab\ncd", []) == "ab<br>cd"
    assert highlight("abc", [(2, 99)]) == "abc"  # out of range is ignored
