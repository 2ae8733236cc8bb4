import pytest
from django.urls import reverse

from neue_wege.organisation.models import Location
from neue_wege.organisation.tests.conftest import NON_ADMIN_STAFF
from neue_wege.testing.assertions import assert_max_queries

pytestmark = pytest.mark.django_db
URL = reverse("organisation:location-list")


@pytest.fixture
def venues(cast):
    Location.objects.create(job_centre=cast.job_centre, name="Familienzentrum Gronau",
                            kind=Location.Kind.MOBILE_VENUE, municipality=cast.gronau,
                            address="Bahnhofstraße 4, 48599 Gronau")
    Location.objects.create(job_centre=cast.other_job_centre, name="Rheine Mitte",
                            municipality=cast.gronau)


def test_admin_sees_own_locations_and_mobile_venues(cast, login, venues):
    response = login(cast.admin).get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Standorte</h1>" in body
    assert "Bocholt" in body and "Europaplatz 17" in body
    assert "Familienzentrum Gronau" in body and "Ort für mobile Angebote" in body
    assert "Rheine Mitte" not in body
    assert "2 Standorte gefunden" in body


@pytest.mark.parametrize("name", NON_ADMIN_STAFF)
def test_non_admin_staff_get_403(cast, login, name):
    assert login(getattr(cast, name)).get(URL).status_code == 403


def test_participant_gets_403(cast, login, participant_account):
    assert login(participant_account).get(URL).status_code == 403


def test_admin_of_other_job_centre_sees_only_theirs(cast, login, other_admin, venues):
    body = login(other_admin).get(URL).content.decode()
    assert "Rheine Mitte" in body and "Europaplatz" not in body


def test_anonymous_is_sent_to_login(client):
    assert client.get(URL)["Location"].startswith(reverse("login"))


def test_post_gets_405(cast, login):
    assert login(cast.admin).post(URL).status_code == 405


def test_filter_by_kind_and_search(cast, login, venues):
    client = login(cast.admin)
    mobile = client.get(URL, {"kind": "mobile"}).content.decode()
    assert "Familienzentrum Gronau" in mobile and "Europaplatz" not in mobile
    found = client.get(URL, {"q": "bahnhof"}).content.decode()
    assert "Familienzentrum Gronau" in found and "Europaplatz" not in found


def test_filter_by_active(cast, login, venues):
    Location.objects.filter(name="Familienzentrum Gronau").update(is_active=False)
    body = login(cast.admin).get(URL, {"active": "0"}).content.decode()
    assert "Familienzentrum Gronau" in body and "Europaplatz" not in body
    assert "deaktiviert" in body


def test_invalid_filter_keeps_search_text(cast, login):
    body = login(cast.admin).get(URL, {"q": "Boch", "kind": "zelt"}).content.decode()
    assert 'value="Boch"' in body and "Auswahl" in body


def test_sort_by_municipality_descending(cast, login, venues):
    body = login(cast.admin).get(URL, {"sort": "-municipality"}).content.decode()
    assert body.index("Familienzentrum Gronau") < body.index("Europaplatz")


def test_htmx_gets_the_table_only(cast, login, venues):
    body = login(cast.admin).get(URL, HTTP_HX_REQUEST="true").content.decode()
    assert "Familienzentrum Gronau" in body and "<h1" not in body


def test_many_locations_with_bounded_queries(cast, login):
    Location.objects.bulk_create(
        Location(job_centre=cast.job_centre, name=f"Treffpunkt {n:02d}",
                 kind=Location.Kind.MOBILE_VENUE, municipality=cast.gronau)
        for n in range(60)
    )
    client = login(cast.admin)
    client.get(URL)
    with assert_max_queries(10):
        body = client.get(URL, {"page": 3}).content.decode()
    assert "Seite 3 von 3" in body and "61 Standorte gefunden" in body
