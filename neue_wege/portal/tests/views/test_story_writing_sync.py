"""Saving a story by script (X-NW-Sync: JSON) with its draft key, the participant log-in
dialog's endpoint and the participants' session age (issue 14)."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from neue_wege.core.offline import user_tag
from neue_wege.strengths.models import Story
from neue_wege.testing.personas import PASSWORD

pytestmark = pytest.mark.django_db
SYNC = {"HTTP_X_NW_SYNC": "1"}
HTMX = {"HTTP_HX_REQUEST": "true"}
CREATE = reverse("portal:story-create")
LOGIN = reverse("portal:session-login")


def test_sync_save_answers_json_and_one_key_gives_one_story(cast, login):
    client = login(cast.nina_user)
    key = str(uuid.uuid4())
    data = {"draft_key": key, "revision": "4", "title": "", "text": "Ich habe es geschafft."}
    first = client.post(CREATE, data, **SYNC)
    second = client.post(CREATE, data, **SYNC)  # double tap, or a retry from the queue
    late = client.post(reverse("portal:story-autosave"),
                       {**data, "revision": "3", "text": "Ich habe"}, **HTMX)
    assert first.status_code == second.status_code == late.status_code == 200
    story = Story.objects.get()
    assert first.json() == {"status": "saved", "story": str(story.pk),
                            "url": reverse("portal:story-detail", args=[story.pk])}
    assert story.text == "Ich habe es geschafft." and not story.has_unsaved_draft


def test_sync_save_with_invalid_input_answers_400_json(cast, login):
    response = login(cast.nina_user).post(CREATE, {"draft_key": str(uuid.uuid4()),
                                                   "text": ""}, **SYNC)
    assert response.status_code == 400
    assert response.json()["errors"] == ["Bitte schreiben Sie Ihre Geschichte."]
    assert not Story.objects.exists()


def test_the_form_carries_the_draft_key_and_revision(cast, login):
    html = login(cast.nina_user).get(CREATE).content.decode()
    assert 'name="draft_key"' in html and 'name="revision"' in html
    assert "data-nw-story-form" in html and "portal/story-writing.js" in html
    assert 'id="nw-session-dialog"' in html and "Bitte melden Sie sich wieder an" in html


def test_session_login_logs_a_participant_in_and_answers_the_new_token(cast, client):
    response = client.post(LOGIN, {"username": cast.nina_user.username,
                                   "password": PASSWORD})
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "ok" and data["user"] == user_tag(cast.nina_user)
    assert data["csrf"]
    assert client.get(reverse("portal:story-list")).status_code == 200
    # participants keep their session when the browser closes (a persistent cookie)
    assert client.session.get_expire_at_browser_close() is False
    assert client.session.get_expiry_age() == 8 * 3600


def test_session_login_refuses_a_wrong_password(cast, client):
    response = client.post(LOGIN, {"username": cast.nina_user.username, "password": "falsch"})
    assert response.status_code == 400
    assert "stimmen nicht" in response.json()["message"]
    assert "_auth_user_id" not in client.session


def test_session_login_refuses_staff_who_need_their_second_factor(cast, client):
    response = client.post(LOGIN, {"username": cast.fatma.username, "password": PASSWORD})
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session


def test_session_login_get_is_not_allowed(client):
    assert client.get(LOGIN).status_code == 405


def test_staff_sessions_still_end_with_the_browser(cast, client):
    client.post(reverse("login"), {"username": cast.karl.username, "password": PASSWORD})
    assert client.session.get_expire_at_browser_close() is True
