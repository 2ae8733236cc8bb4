"""portal:story-delete — a participant deletes their own story or draft (issue 14)."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from neue_wege.privacy.models import AuditEvent
from neue_wege.strengths.models import Story
from neue_wege.strengths.services.stories import share_wording, story_save, story_share

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(cast):
    story = story_save(actor=cast.nina_user, story_or_none=None, title="Der Umzug",
                       text="Ich habe den Umzug organisiert.")
    story_share(actor=cast.nina_user, story=story, visibility=Story.Visibility.GROUP,
                wording=share_wording(Story.Visibility.GROUP))
    return story


def url(story_id):
    return reverse("portal:story-delete", args=[story_id])


def test_the_page_explains_what_goes_with_the_story(cast, login, story):
    html = login(cast.nina_user).get(url(story.pk)).content.decode()
    assert "Geschichte löschen" in html and "„Der Umzug“" in html
    assert "Ihre Gruppe und die Projektleitung können sie dann nicht mehr lesen" in html
    assert "Ja, endgültig löschen" in html
    assert Story.objects.filter(pk=story.pk).exists()  # GET deletes nothing


def test_a_draft_is_called_a_draft(cast, login):
    draft = Story.objects.create(enrollment=cast.nina_enrollment, draft_text="Es war")
    html = login(cast.nina_user).get(url(draft.pk)).content.decode()
    assert "Entwurf löschen" in html and "mit der Gruppe geteilt" not in html


def test_post_deletes_and_goes_to_the_list(cast, login, story):
    client = login(cast.nina_user)
    response = client.post(url(story.pk))
    assert response.status_code == 302 and response["Location"] == reverse("portal:story-list")
    assert not Story.objects.filter(pk=story.pk).exists()
    assert AuditEvent.objects.filter(action="delete", object_id=str(story.pk)).exists()
    assert "Ihre Geschichte ist gelöscht." in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize("name", ["ali_user", "sven_user", "fatma"])
def test_others_get_404_and_nothing_is_deleted(cast, login, story, name):
    client = login(getattr(cast, name))
    assert client.get(url(story.pk)).status_code == 404
    assert client.post(url(story.pk)).status_code == 404
    assert Story.objects.filter(pk=story.pk).exists()


def test_random_id_is_404(cast, login):
    assert login(cast.nina_user).get(url(uuid.uuid4())).status_code == 404


def test_put_is_not_allowed(cast, login, story):
    assert login(cast.nina_user).put(url(story.pk)).status_code == 405


def test_the_story_page_links_to_delete(cast, login, story):
    html = login(cast.nina_user).get(
        reverse("portal:story-detail", args=[story.pk])).content.decode()
    assert url(story.pk) in html
