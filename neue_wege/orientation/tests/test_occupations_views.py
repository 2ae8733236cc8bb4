"""The occupation detail page and the sources-and-licences page: who may read them, what
they show, BA data only when switched on (fixtures, never the network), no audit rows."""

from __future__ import annotations

import uuid

import pytest
from django.core.cache import cache
from django.urls import reverse

from neue_wege.orientation.models import Occupation
from neue_wege.orientation.testing import import_occupations, sample_uris
from neue_wege.privacy.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def care(db):  # noqa: ANN001, ANN201
    import_occupations(uris=sample_uris())
    return Occupation.objects.filter(isco08="5322").exclude(kldb2010="").first()


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def _url(occupation: Occupation) -> str:
    return reverse("orientation:occupation-detail", args=[occupation.pk])


@pytest.mark.parametrize("persona", ["nina_user", "fatma", "karl", "maria", "admin", "olga"])
def test_participants_and_all_staff_read_it(cast, login, care, persona):  # noqa: ANN001
    response = login(getattr(cast, persona)).get(_url(care))
    assert response.status_code == 200
    html = response.content.decode()
    assert care.label in html or care.label.replace("/", "&#x2F;") in html
    assert care.kldb_title in html
    # Codes only for staff, behind "Details" (test_occupation_pages_german.py for more).
    staff = persona != "nina_user"
    codes = f"{care.isco08} – {care.isco_group_label}", f"{care.kldb2010} – {care.kldb_title}"
    assert all(code in html for code in codes) is staff
    assert any(word in html for word in ("ISCO", "KldB", "<details class=\"nw-details\"")) is staff
    assert care.german_skills[0] in html or "&" in care.german_skills[0]
    assert "Interessenprofil" in html
    assert "Aktuell keine Verbindung zur Bundesagentur für Arbeit" in html
    assert reverse("orientation:attributions") in html


def test_portal_layout_for_participants_staff_layout_for_staff(cast, login, care):  # noqa: ANN001
    assert "nw-portal" in login(cast.nina_user).get(_url(care)).content.decode()
    assert "nw-portal" not in login(cast.fatma).get(_url(care)).content.decode()


def test_no_audit_row_the_page_holds_no_personal_data(cast, login, care):  # noqa: ANN001
    before = AuditEvent.objects.count()
    login(cast.nina_user).get(_url(care))
    login(cast.karl).get(_url(care))
    assert AuditEvent.objects.count() == before


def test_unknown_id_and_inactive_accounts_get_404(cast, login, care, client):  # noqa: ANN001
    client_ = login(cast.karl)
    assert client_.get(reverse("orientation:occupation-detail",
                               args=[uuid.uuid4()])).status_code == 404
    client_.logout()
    cast.ali_user.is_active = False
    cast.ali_user.save(update_fields=["is_active"])
    client.force_login(cast.ali_user)
    assert client.get(_url(care)).status_code in (302, 404)


def test_anonymous_is_sent_to_the_login(client, care):  # noqa: ANN001
    response = client.get(_url(care))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_only_get(cast, login, care):  # noqa: ANN001
    assert login(cast.nina_user).post(_url(care)).status_code == 405


def test_vacancies_and_trainings_when_the_ba_api_is_on(cast, login, care, settings):  # noqa: ANN001
    settings.NW_BA_API_ENABLED = True
    settings.NW_BA_TRANSPORT = "neue_wege.orientation.ba.fixtures.fixture_transport"
    html = login(cast.nina_user).get(_url(care)).content.decode()
    place = cast.run_a.location.municipality.name
    assert f"42 offene Stellen im Umkreis von 25 km um {place}" in html
    assert "Seniorenzentrum am Stadtpark gGmbH" in html
    assert "Pflegeschule Westmünsterland" in html
    assert "Beginn 01.02.2027" in html
    assert "Aktuell keine Verbindung" not in html
    staff_html = login(cast.karl).get(_url(care)).content.decode()
    assert "42 offene Stellen im Umkreis" in staff_html


def test_offline_ba_api_gives_the_calm_note(cast, login, care, settings, monkeypatch):  # noqa: ANN001
    settings.NW_BA_API_ENABLED = True
    settings.NW_BA_TRANSPORT = "neue_wege.orientation.tests.test_occupations_views.offline"
    response = login(cast.nina_user).get(_url(care))
    assert response.status_code == 200
    assert "Aktuell keine Verbindung zur Bundesagentur für Arbeit" in response.content.decode()


def offline(url: str, headers: dict, timeout: float) -> bytes:
    raise OSError("offline (test)")


def test_attributions_are_public_and_complete(client, db):  # noqa: ANN001
    import_occupations(limit=1)
    response = client.get(reverse("orientation:attributions"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "This service uses the ESCO classification of the European Commission." in html
    assert "Klassifikation der Berufe 2010 – überarbeitete Fassung 2020" in html
    assert "CC BY 4.0" in html and "O*NET® is a trademark of USDOL/ETA" in html
    assert "Mapping Career Causeways" in html
    assert "GeoNames" in html and "iso-codes" in html  # the gazetteer of the text core
    assert "occupations_v1" in html


def test_footer_links_the_attributions_on_every_page(client, db):  # noqa: ANN001
    html = client.get(reverse("login")).content.decode()
    assert reverse("orientation:attributions") in html
