import pytest
from django.urls import reverse

from neue_wege.clients.tests.conftest import make_client
from neue_wege.organisation.models import Municipality
from neue_wege.privacy.models import AuditEvent
from neue_wege.testing.assertions import assert_max_queries

pytestmark = pytest.mark.django_db
URL = reverse("clients:client-list")


def test_case_manager_sees_own_caseload_in_german(cast, login):
    response = login(cast.karl).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Meine Kund:innen" in html
    assert "Kemper, Nina" in html and "Demir, Ali" in html
    assert "Lammers" not in html  # Sven belongs to Petra


def test_other_case_manager_sees_only_her_own(cast, login):
    html = login(cast.petra).get(URL).content.decode()
    assert "Lammers, Sven" in html
    assert "Kemper" not in html and "Demir" not in html


@pytest.mark.parametrize("name", ["fatma", "jonas", "maria", "admin", "olga"])
def test_staff_without_a_caseload_get_403(cast, login, name):
    assert login(getattr(cast, name)).get(URL).status_code == 403


def test_anonymous_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/anmelden/" in response["Location"]


def test_post_is_405(cast, login):
    assert login(cast.karl).post(URL).status_code == 405


def test_search_by_name_and_case_number(cast, login):
    c = login(cast.karl)
    html = c.get(URL, {"q": "kemp"}).content.decode()
    assert "Kemper, Nina" in html and "Demir" not in html
    html = c.get(URL, {"q": "BOR-0002"}).content.decode()
    assert "Demir, Ali" in html and "Kemper" not in html
    html = c.get(URL, {"q": "Nina Kemper"}).content.decode()
    assert "Kemper, Nina" in html
    html = c.get(URL, {"q": "Niemand"}).content.decode()
    assert "Keine Kund:innen passen zu Ihrer Suche." in html


def test_search_keeps_what_was_typed(cast, login):
    html = login(cast.karl).get(URL, {"q": "<script>x</script>"}).content.decode()
    assert "&lt;script&gt;x&lt;/script&gt;" in html
    assert "<script>x</script>" not in html


def test_filter_by_municipality(cast, login):
    make_client(cast, number="BOR-0200", first="Greta", last="Gronau-Test")
    from neue_wege.clients.models import Client
    Client.objects.filter(case_number="BOR-0200").update(municipality=cast.gronau)
    html = login(cast.karl).get(URL, {"municipality": str(cast.gronau.pk)}).content.decode()
    assert "Gronau-Test, Greta" in html and "Kemper" not in html


def test_unknown_municipality_shows_a_german_error_not_a_crash(cast, login):
    response = login(cast.karl).get(URL, {"municipality": "kaputt"})
    assert response.status_code == 200
    assert "keine gültige" in response.content.decode()


def test_sort_by_name_descending(cast, login):
    html = login(cast.karl).get(URL, {"sort": "-name"}).content.decode()
    assert html.index("Kemper, Nina") < html.index("Demir, Ali")
    html = login(cast.karl).get(URL, {"sort": "name"}).content.decode()
    assert html.index("Demir, Ali") < html.index("Kemper, Nina")
    assert 'aria-sort="ascending"' in html


def test_list_view_is_audited_per_client_shown(cast, login):
    before = AuditEvent.objects.filter(action="view", object_type="clients.Client").count()
    login(cast.karl).get(URL)
    events = AuditEvent.objects.filter(action="view", object_type="clients.Client")
    assert events.count() == before + 2
    assert set(events.values_list("client_id", flat=True)) >= {cast.nina.pk, cast.ali.pk}


def test_many_clients_bounded_queries_and_pagination(cast, login, settings):
    for number in range(60):
        make_client(cast, number=f"MAS-{number:04d}", first="Vorname", last=f"Masse{number:03d}")
    for number in range(3):
        Municipality.objects.create(name=f"Ort {number}", ags=f"0999900{number}")
    c = login(cast.karl)
    with assert_max_queries(12):
        response = c.get(URL, {"sort": "name"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "62 Einträge" in html
    assert 'aria-current="page"' in html and "Seite 1 von 3" in html
    assert 'ende=1&amp;page=3">Letzte Seite' in html
    with assert_max_queries(12):
        page3 = c.get(URL, {"sort": "name", "page": 3}).content.decode()
    assert "Masse059" in page3 and "Masse047" not in page3 and "Kemper" not in page3
    with assert_max_queries(12):  # the last page by keyset: the same rows as page 3
        last = c.get(URL, {"sort": "name", "ende": 1}).content.decode()
    assert "Masse059" in last and "Masse047" not in last and "Seite 3 von 3" in last
