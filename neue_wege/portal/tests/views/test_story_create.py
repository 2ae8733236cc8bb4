"""portal:story-create — write a new story (works without JavaScript)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from neue_wege.clients.models import Enrollment
from neue_wege.privacy.models import AuditEvent
from neue_wege.strengths.models import Story
from neue_wege.strengths.services.stories import story_draft_save

pytestmark = pytest.mark.django_db
URL = reverse("portal:story-create")


def test_form_in_german_with_autosave_attributes(cast, login):
    html = login(cast.nina_user).get(URL).content.decode()
    assert "Neue Geschichte" in html and "Ihre Geschichte" in html and "Speichern" in html
    assert reverse("portal:story-autosave") in html
    assert 'hx-trigger="keyup changed delay:1500ms, change"' in html
    assert 'aria-live="polite"' in html
    assert 'id="story-autosave-status"' in html


def test_post_saves_a_private_story_and_redirects(cast, login):
    response = login(cast.nina_user).post(URL, {"title": "Mein Tag",
                                                "text": "Ich habe nicht aufgegeben."})
    story = Story.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:story-detail", args=[story.pk])
    assert (story.title, story.text, story.visibility) == ("Mein Tag",
                                                           "Ich habe nicht aufgegeben.",
                                                           "private")
    assert story.enrollment == cast.nina_enrollment
    assert AuditEvent.objects.filter(object_id=str(story.pk), action="create").exists()


def test_post_after_autosave_saves_the_same_story(cast, login):
    draft = story_draft_save(actor=cast.nina_user, story_or_none=None, title="T", text="Ent")
    login(cast.nina_user).post(URL, {"story": str(draft.pk), "title": "T", "text": "Fertig"})
    assert Story.objects.count() == 1
    draft.refresh_from_db()
    assert draft.text == "Fertig"


def test_empty_text_keeps_the_title_and_shows_a_german_error(cast, login):
    response = login(cast.nina_user).post(URL, {"title": "Nur <b>Titel</b>", "text": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Bitte schreiben Sie Ihre Geschichte." in html
    assert "Nur &lt;b&gt;Titel&lt;/b&gt;" in html
    assert not Story.objects.exists()


def test_too_long_text_is_refused_and_kept(cast, login):
    response = login(cast.nina_user).post(URL, {"title": "x", "text": "a" * 20_001})
    assert response.status_code == 400
    assert "a" * 100 in response.content.decode()
    assert not Story.objects.exists()


def test_someone_elses_story_id_in_the_form_gives_404(cast, login):
    other = story_draft_save(actor=cast.ali_user, story_or_none=None, title="A", text="Ali")
    response = login(cast.nina_user).post(URL, {"story": str(other.pk), "text": "Gekapert"})
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.text == ""


@pytest.mark.parametrize("name", ["fatma", "jonas", "karl", "petra", "maria", "admin", "olga"])
def test_staff_get_404(cast, login, name):
    c = login(getattr(cast, name))
    assert c.get(URL).status_code == 404
    assert c.post(URL, {"text": "x"}).status_code == 404
    assert not Story.objects.exists()


def test_participant_without_a_seat_gets_the_inactive_page(cast, login):
    Enrollment.objects.filter(pk=cast.nina_enrollment.pk).update(
        status=Enrollment.Status.DROPPED_OUT)
    assert login(cast.nina_user).get(URL).status_code == 403


def test_put_is_405(cast, login):
    assert login(cast.nina_user).put(URL).status_code == 405
