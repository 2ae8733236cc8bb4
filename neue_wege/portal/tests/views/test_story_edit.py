"""portal:story-edit — the edit page always shows the newest draft; "Speichern" saves."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from neue_wege.privacy.models import AuditEvent
from neue_wege.strengths.services.stories import (
    share_wording,
    story_draft_save,
    story_save,
    story_share,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(cast):
    return story_save(actor=cast.nina_user, story_or_none=None, title="Der Umzug",
                      text="Ich habe den Umzug organisiert.")


def url(story):
    return reverse("portal:story-edit", args=[story.pk])


def test_shows_the_saved_story(cast, login, story):
    html = login(cast.nina_user).get(url(story)).content.decode()
    assert "Geschichte bearbeiten" in html
    assert "Ich habe den Umzug organisiert." in html
    assert "neuesten Entwurf" not in html


def test_reload_shows_the_newest_draft(cast, login, story):
    story_draft_save(actor=cast.nina_user, story_or_none=story, title="Der Umzug",
                     text="Ich habe den Umzug organisiert und dann")
    html = login(cast.nina_user).get(url(story)).content.decode()
    assert "Ich habe den Umzug organisiert und dann" in html
    assert "neuesten Entwurf" in html


def test_post_saves_and_logs_a_change(cast, login, story):
    response = login(cast.nina_user).post(url(story), {"story": str(story.pk),
                                                        "title": "Neu", "text": "Neuer Text"})
    assert response.status_code == 302
    story.refresh_from_db()
    assert (story.title, story.text) == ("Neu", "Neuer Text")
    assert AuditEvent.objects.filter(object_id=str(story.pk), action="change",
                                     reason="saved").exists()


def test_invalid_post_keeps_what_was_typed(cast, login, story):
    response = login(cast.nina_user).post(url(story), {"title": "Bleibt <i>da</i>",
                                                        "text": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Bitte schreiben Sie Ihre Geschichte." in html
    assert "Bleibt &lt;i&gt;da&lt;/i&gt;" in html


@pytest.mark.parametrize("name", ["ali_user", "sven_user"])
def test_other_participants_get_404_even_on_a_shared_story(cast, login, story, name):
    story_share(actor=cast.nina_user, story=story, visibility="group",
                wording=share_wording("group"))
    c = login(getattr(cast, name))
    assert c.get(url(story)).status_code == 404
    assert c.post(url(story), {"text": "x"}).status_code == 404
    story.refresh_from_db()
    assert story.text == "Ich habe den Umzug organisiert."


@pytest.mark.parametrize("name", ["fatma", "jonas", "karl", "petra", "maria", "admin", "olga"])
def test_staff_get_404(cast, login, story, name):
    assert login(getattr(cast, name)).get(url(story)).status_code == 404


def test_random_id_is_404(cast, login):
    assert login(cast.nina_user).get(
        reverse("portal:story-edit", args=[uuid.uuid4()])).status_code == 404


def test_delete_is_405(cast, login, story):
    assert login(cast.nina_user).delete(url(story)).status_code == 405
