"""The administration pages of the client systems (Verwaltung → Schnittstellen)."""

from __future__ import annotations

import re

import pytest
from django.test import Client as HttpClient

from neue_wege.api.models import ApiClient, ApiToken, token_hash


def test_administrator_creates_a_system_and_sees_the_token_once(login, cast):
    client = login(cast.admin)
    page = client.get("/verwaltung/schnittstellen/")
    assert page.status_code == 200
    assert "Noch ist kein System angebunden." in page.content.decode()
    response = client.post("/verwaltung/schnittstellen/", {
        "name": "Fachverfahren", "scopes": ["clients:write", "referrals:read"],
        "rate_limit_per_minute": "60"})
    api_client = ApiClient.objects.get(name="Fachverfahren")
    assert response.status_code == 302
    assert response["Location"] == f"/verwaltung/schnittstellen/{api_client.pk}/"
    assert api_client.job_centre == cast.job_centre
    assert api_client.scopes == ["clients:write", "referrals:read"]
    issued = client.post(f"/verwaltung/schnittstellen/{api_client.pk}/schluessel/", {"days": "30"})
    assert issued.status_code == 200
    html = issued.content.decode()
    assert "Er wird nur dieses eine Mal angezeigt" in html
    token = re.search(r'<code id="new-token">(nw_[^<]+)</code>', html).group(1)
    row = ApiToken.objects.get(api_client=api_client)
    assert row.hash == token_hash(token) and token not in (row.hash, row.prefix)
    # the token works, and the detail page never shows it again
    api = HttpClient(headers={"Authorization": f"Bearer {token}"})
    assert api.get("/api/v1/runs").status_code == 200
    again = client.get(f"/verwaltung/schnittstellen/{api_client.pk}/").content.decode()
    assert token not in again and f"nw_{row.prefix}_…" in again
    assert "run-list" in again  # the call log
    revoked = client.post(f"/verwaltung/schnittstellen/schluessel/{row.pk}/widerrufen/")
    assert revoked["Location"] == f"/verwaltung/schnittstellen/{api_client.pk}/"
    assert api.get("/api/v1/runs").status_code == 401


def test_invalid_form_keeps_values_and_says_why(login, cast):
    response = login(cast.admin).post("/verwaltung/schnittstellen/", {
        "name": "Fachverfahren", "rate_limit_per_minute": "60"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="Fachverfahren"' in html
    assert not ApiClient.objects.exists()


def test_locking_a_system(login, cast, space):
    client = login(cast.admin)
    response = client.post(f"/verwaltung/schnittstellen/{space.ours.pk}/sperren/")
    assert response["Location"] == f"/verwaltung/schnittstellen/{space.ours.pk}/"
    space.ours.refresh_from_db()
    assert not space.ours.is_active


@pytest.mark.parametrize("persona", ["karl", "fatma", "maria", "olga"])
def test_only_administrators(login, cast, persona):
    assert login(getattr(cast, persona)).get("/verwaltung/schnittstellen/").status_code == 403


def test_other_job_centres_systems_are_404(login, cast, space):
    client = login(cast.admin)
    assert client.get(f"/verwaltung/schnittstellen/{space.theirs.pk}/").status_code == 404
    assert client.post(
        f"/verwaltung/schnittstellen/schluessel/{space.theirs_token.pk}/widerrufen/"
    ).status_code == 404
    assert client.post(f"/verwaltung/schnittstellen/{space.theirs.pk}/schluessel/",
                       {"days": "30"}).status_code == 404
    assert "Fachverfahren" in client.get("/verwaltung/schnittstellen/").content.decode()
    assert client.get(f"/verwaltung/schnittstellen/{space.ours.pk}/").status_code == 200
