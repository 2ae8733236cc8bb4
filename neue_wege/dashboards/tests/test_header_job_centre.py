"""The header line names the job centre of the person logged in: one installation can serve
several job centres (a municipal IT provider hosting neighbours), and Steinfurt's staff must
not read "Jobcenter Kreis Borken" above their pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from neue_wege.testing.assertions import assert_max_queries

pytestmark = pytest.mark.django_db


def _header(page: str) -> str:
    start = page.index('class="nw-kopfzeile__label"')
    return page[start:page.index("</span>", start)]


def test_staff_see_their_own_job_centre_in_the_header(cast, login):
    steinfurt = _header(login(cast.olga).get(reverse("dashboards:home")).content.decode())
    assert "Jobcenter Kreis Steinfurt – interne Anwendung" in steinfurt
    borken = _header(login(cast.fatma).get(reverse("dashboards:home")).content.decode())
    assert "Jobcenter Kreis Borken – interne Anwendung" in borken


def test_before_log_in_the_header_names_the_operator(client, settings):
    settings.NW_OPERATOR_NAME = "Kommunales Rechenzentrum Westfalen"
    page = client.get(reverse("login")).content.decode()
    assert "Kommunales Rechenzentrum Westfalen – interne Anwendung" in _header(page)


def test_the_name_costs_no_query_per_page(cast, login):
    browser = login(cast.olga)
    browser.get(reverse("programmes:programme-list"))
    with assert_max_queries(7):  # as before the name: the name is kept in the session
        page = browser.get(reverse("programmes:programme-list")).content.decode()
    assert "Jobcenter Kreis Steinfurt" in _header(page)
