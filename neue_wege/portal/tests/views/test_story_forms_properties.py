"""Property-based: any input to the story form and the feedback form never gives a 5xx, and
markup is always escaped."""

from __future__ import annotations

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from neue_wege.strengths.services.stories import share_wording, story_save, story_share

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
PROPERTY_SETTINGS = settings(max_examples=40, deadline=None, derandomize=True,
                             suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                    HealthCheck.too_slow])
text = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=80)
free_text = st.one_of(text, st.sampled_from([SCRIPT, "\x00", "'\"&<>", " ", "Ünïcödé ß",
                                             "a" * 600]))
keys = st.lists(st.one_of(st.sampled_from(["mut", "durchhaltevermoegen", "humor"]),
                          free_text), max_size=3)


@given(title=free_text, body=free_text, story_field=st.one_of(st.just(""), st.uuids().map(str),
                                                             free_text))
@PROPERTY_SETTINGS
def test_story_form_never_breaks(cast, login, title, body, story_field):
    c = login(cast.nina_user)
    for name in ("portal:story-create", "portal:story-autosave"):
        response = c.post(reverse(name), {"title": title, "text": body, "story": story_field},
                          HTTP_HX_REQUEST="true")
        assert response.status_code < 500
        assert SCRIPT not in response.content.decode()


@given(personal=keys, social=keys, note=free_text, show_name=st.sampled_from(["", "on", "x"]))
@PROPERTY_SETTINGS
def test_feedback_form_never_breaks(cast, login, personal, social, note, show_name):
    story = story_save(actor=cast.nina_user, story_or_none=None, title=SCRIPT,
                       text=f"Ich habe nie aufgegeben. {SCRIPT}")
    story_share(actor=cast.nina_user, story=story, visibility="group",
                wording=share_wording("group"))
    response = login(cast.ali_user).post(
        reverse("portal:feedback-create", args=[story.pk]),
        {"strengths_personal": personal, "strengths_social": social, "note": note,
         "show_name": show_name}, follow=True)
    assert response.status_code < 500
    assert SCRIPT not in response.content.decode()
