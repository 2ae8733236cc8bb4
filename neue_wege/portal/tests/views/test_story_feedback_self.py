"""portal:feedback-self — the writer names strengths in their own story (self view)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from neue_wege.strengths.models import StrengthFeedback
from neue_wege.strengths.services.stories import share_wording, story_save, story_share

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(cast):
    return story_save(actor=cast.nina_user, story_or_none=None, title="Ninas Weg",
                      text="Ich habe nie aufgegeben.")


def url(story):
    return reverse("portal:feedback-self", args=[story.pk])


def test_writer_names_own_strengths_on_a_private_story(cast, login, story):
    c = login(cast.nina_user)
    html = c.get(url(story)).content.decode()
    assert "Welche Stärken sehen Sie in Ihrer Geschichte?" in html
    assert "Meinen Vornamen zeigen" not in html
    response = c.post(url(story), {"strengths_personal": ["durchhaltevermoegen"]})
    assert response.status_code == 302
    fb = StrengthFeedback.objects.get()
    assert fb.source == "self" and fb.given_by == cast.nina_user


def test_invalid_input_keeps_the_note(cast, login, story):
    response = login(cast.nina_user).post(url(story), {"note": "Ich war tapfer"})
    assert response.status_code == 400
    assert "Ich war tapfer" in response.content.decode()


@pytest.mark.parametrize("name", ["ali_user", "sven_user", "fatma", "jonas", "karl", "maria",
                                  "admin", "olga"])
def test_nobody_else(cast, login, story, name):
    story_share(actor=cast.nina_user, story=story, visibility="group",
                wording=share_wording("group"))
    assert login(getattr(cast, name)).get(url(story)).status_code == 404


def test_delete_is_405(cast, login, story):
    assert login(cast.nina_user).delete(url(story)).status_code == 405
