"""evaluation/views.py — the management page, "Neu berechnen" and the three downloads: exact
redirect targets, who gets in, methods (content and figures: ../test_views.py; snapshots:
test_snapshots.py)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from neue_wege.jobs.worker import run_queued

pytestmark = pytest.mark.django_db

NAMES = ("evaluation:page", "evaluation:export-xlsx", "evaluation:export-csv",
         "evaluation:export-pdf")


@pytest.mark.parametrize("name", NAMES)
def test_anonymous_is_sent_to_the_login_with_the_page_as_next(client, name):
    url = reverse(name)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


@pytest.mark.parametrize("name", NAMES)
def test_only_management_gets_in(cast, login, name):
    # Before anything is computed a download sends management back to the page (302).
    expected = {"maria": 200 if name == "evaluation:page" else 302, "fatma": 403, "karl": 403,
                "admin": 403, "olga": 403, "nina_user": 403}
    seen = {persona: login(getattr(cast, persona)).get(reverse(name)).status_code
            for persona in expected}
    assert seen == expected


@pytest.mark.parametrize("name", NAMES)
def test_post_is_not_allowed(cast, login, name):
    assert login(cast.maria).post(reverse(name)).status_code == 405


def test_page_is_german_and_downloads_have_their_types(cast, login):
    client = login(cast.maria)
    assert "Auswertung" in client.get(reverse("evaluation:page")).content.decode()
    assert client.get(reverse("evaluation:export-csv"))["Location"] == reverse("evaluation:page")
    assert client.post(reverse("evaluation:recompute"))["Location"] == reverse("evaluation:page")
    run_queued()
    types = {name: client.get(reverse(name))["Content-Type"] for name in NAMES[1:]}
    assert types["evaluation:export-xlsx"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml")
    assert types["evaluation:export-csv"].startswith("text/csv")
    assert types["evaluation:export-pdf"] == "application/pdf"


def test_recompute_is_post_only_for_management_and_keeps_the_filters(cast, login):
    url = reverse("evaluation:recompute")
    assert login(cast.maria).get(url).status_code == 405
    for persona in ("fatma", "karl", "admin", "olga", "nina_user"):
        assert login(getattr(cast, persona)).post(url).status_code == 403, persona
    response = login(cast.maria).post(url, {"jahr": 2024, "zielgruppe": "ab 50"})
    assert response["Location"] == reverse("evaluation:page") + "?jahr=2024&zielgruppe=ab+50"
