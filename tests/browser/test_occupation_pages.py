"""The occupation page and the sources-and-licences page in Chromium, with axe-core:
a participant with and without the BA connection (spec-derived fixtures, no network),
a case manager, and the public sources page from the footer."""

from __future__ import annotations

from django.core.cache import cache

from neue_wege.orientation.models import Occupation
from neue_wege.orientation.testing import import_occupations, sample_uris
from neue_wege.testing.browser import check_a11y, follow, log_in
from neue_wege.testing.personas import PASSWORD


def _care() -> Occupation:
    import_occupations(uris=sample_uris())
    return Occupation.objects.filter(isco08="5322").exclude(kldb2010="").first()


def test_participant_reads_an_occupation_with_vacancies_and_trainings(page, live_cast, settings):  # noqa: ANN001
    cache.clear()
    settings.NW_BA_API_ENABLED = True
    settings.NW_BA_TRANSPORT = "neue_wege.orientation.ba.fixtures.fixture_transport"
    occupation = _care()
    log_in(page, "nina-portal", PASSWORD)
    page.goto(f"/berufe/{occupation.pk}/")
    assert page.get_by_role("heading", level=1).inner_text() == occupation.label
    assert page.get_by_text("42 offene Stellen im Umkreis von 25 km").is_visible()
    assert page.get_by_text("Pflegeschule Westmünsterland").is_visible()
    check_a11y(page)
    follow(page.get_by_role("link", name="Quellen und Lizenzen").first)
    assert page.get_by_role("heading", level=1).inner_text() == "Quellen und Lizenzen"
    check_a11y(page)
    cache.clear()


def test_staff_sees_the_calm_note_without_connection(page, live_cast):  # noqa: ANN001
    occupation = _care()
    log_in(page, "karl", PASSWORD)
    page.goto(f"/berufe/{occupation.pk}/")
    assert page.get_by_text("Aktuell keine Verbindung zur Bundesagentur für Arbeit").is_visible()
    assert page.get_by_role("rowheader").count() == len(occupation.riasec) == 6
    assert page.get_by_role("rowheader", name="sozial").is_visible()
    check_a11y(page)


def test_sources_page_is_public_and_linked_from_the_footer(page, transactional_db):  # noqa: ANN001
    page.goto("/anmelden/")
    follow(page.get_by_role("contentinfo").get_by_role("link", name="Quellen und Lizenzen"))
    assert page.get_by_text("This service uses the ESCO classification of the European "
                            "Commission.").is_visible()
    check_a11y(page)
