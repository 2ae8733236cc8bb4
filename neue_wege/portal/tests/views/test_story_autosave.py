"""portal:story-autosave — htmx posts the draft while typing and gets a status partial."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from neue_wege.strengths.models import Story
from neue_wege.strengths.services.stories import story_draft_save, story_save

pytestmark = pytest.mark.django_db
URL = reverse("portal:story-autosave")
HTMX = {"HTTP_HX_REQUEST": "true"}
BERLIN = timezone.get_fixed_timezone(dt.timedelta(hours=1))


def test_first_autosave_creates_a_private_draft_and_answers_with_the_time(cast, login):
    with time_machine.travel(dt.datetime(2026, 1, 15, 10, 42, tzinfo=BERLIN), tick=False):
        response = login(cast.nina_user).post(URL, {"title": "", "text": "Es war einmal"},
                                              **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Entwurf gespeichert um 10:42" in html
    assert "<html" not in html  # a partial, not a page
    story = Story.objects.get()
    assert story.visibility == "private" and story.draft_text == "Es war einmal"
    assert story.text == ""
    # the story id comes back out of band, so the next autosave updates the same story
    assert f'value="{story.pk}"' in html and 'hx-swap-oob="true"' in html


def test_next_autosave_updates_the_same_story(cast, login):
    story = story_save(actor=cast.nina_user, story_or_none=None, title="T", text="Alt")
    response = login(cast.nina_user).post(URL, {"story": str(story.pk), "title": "T",
                                                "text": "Alt und neu"}, **HTMX)
    assert "Entwurf gespeichert um" in response.content.decode()
    story.refresh_from_db()
    assert Story.objects.count() == 1
    assert story.text == "Alt" and story.draft_text == "Alt und neu"


def test_empty_new_draft_is_not_stored(cast, login):
    response = login(cast.nina_user).post(URL, {"title": "", "text": ""}, **HTMX)
    assert response.status_code == 200
    assert "noch nichts zu speichern" in response.content.decode()
    assert not Story.objects.exists()


def test_too_long_draft_gets_a_german_message(cast, login):
    response = login(cast.nina_user).post(URL, {"text": "a" * 20_001}, **HTMX)
    assert "nicht gespeichert" in response.content.decode()
    assert not Story.objects.exists()


def test_without_htmx_it_redirects_to_the_edit_page(cast, login):
    response = login(cast.nina_user).post(URL, {"text": "Ohne JS"})
    story = Story.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:story-edit", args=[story.pk])


def test_someone_elses_story_gives_404(cast, login):
    other = story_draft_save(actor=cast.ali_user, story_or_none=None, title="", text="Ali")
    response = login(cast.nina_user).post(URL, {"story": str(other.pk), "text": "x"}, **HTMX)
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.draft_text == "Ali"


@pytest.mark.parametrize("name", ["fatma", "karl", "maria", "admin", "olga"])
def test_staff_get_404(cast, login, name):
    assert login(getattr(cast, name)).post(URL, {"text": "x"}, **HTMX).status_code == 404
    assert not Story.objects.exists()


def test_get_is_405(cast, login):
    assert login(cast.nina_user).get(URL).status_code == 405
