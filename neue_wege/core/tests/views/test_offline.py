"""Installable portal and offline use (issue 14): service worker, manifest, offline page,
log-out clearing the device, and which pages the worker may keep."""

from __future__ import annotations

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from neue_wege.core.offline import user_tag

pytestmark = pytest.mark.django_db


def test_service_worker_is_served_from_the_root_with_workbox_from_npm(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Cache-Control"] == "no-cache"
    body = response.content.decode()
    assert 'importScripts("/static/workbox/workbox-sw/workbox-sw.js")' in body
    assert "NetworkFirst" in body and "X-NW-Offline" in body
    assert "https://" not in body  # no CDN
    # every file the worker loads exists among the static files (npm packages)
    for name in ("workbox-sw/workbox-sw.js", "workbox-routing/workbox-routing.prod.js",
                 "workbox-strategies/workbox-strategies.prod.js"):
        assert finders.find(f"workbox/{name}"), name


def test_manifest_makes_the_portal_installable(client):
    response = client.get("/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    data = response.json()
    assert data["display"] == "standalone" and data["start_url"] == "/"
    assert {icon["sizes"] for icon in data["icons"]} == {"192x192", "512x512"}
    for icon in data["icons"]:
        assert finders.find(icon["src"].removeprefix("/static/"))


def test_offline_page_is_german_and_public(client):
    html = client.get(reverse("offline")).content.decode()
    assert "Keine Verbindung" in html and "noch nicht geöffnet" in html


def test_logout_tells_the_browser_to_forget_drafts_and_kept_pages(cast, login):
    response = login(cast.nina_user).post(reverse("logout"))
    assert response["Clear-Site-Data"] == '"cache", "storage"'


def test_own_portal_pages_may_be_kept_per_user(cast, login):
    response = login(cast.nina_user).get(reverse("portal:story-list"))
    assert response["X-NW-User"] == user_tag(cast.nina_user)
    assert response["X-NW-Offline"] == "1"
    assert user_tag(cast.nina_user) != user_tag(cast.ali_user)


def test_the_group_space_is_never_kept(cast, login):
    response = login(cast.nina_user).get(reverse("portal:group-stories"))
    assert response.status_code == 200 and "X-NW-Offline" not in response


def test_staff_pages_other_than_attendance_are_not_kept(cast, login):
    response = login(cast.fatma).get(reverse("dashboards:home"))
    assert response["X-NW-User"] == user_tag(cast.fatma)
    assert "X-NW-Offline" not in response


def test_anonymous_answers_name_no_user(client):
    assert "X-NW-User" not in client.get(reverse("login"))
