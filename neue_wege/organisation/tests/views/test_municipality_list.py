import pytest
from django.urls import reverse

from neue_wege.organisation.models import Location, Municipality
from neue_wege.organisation.tests.conftest import NON_ADMIN_STAFF
from neue_wege.testing.assertions import assert_max_queries

pytestmark = pytest.mark.django_db
URL = reverse("organisation:municipality-list")


def test_admin_sees_municipalities_with_location_counts(cast, login):
    Municipality.objects.create(name="Enschede", ags="99999001", in_county=False)
    Location.objects.create(job_centre=cast.other_job_centre, name="Fremd", municipality=cast.bocholt)
    response = login(cast.admin).get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Kommunen</h1>" in body
    assert "05554008" in body and "Gronau (Westf.)" in body
    assert "außerhalb des Kreises" in body
    row = body[body.index("05554008"):]
    # Bocholt has one location of this job centre; the other centre's one is not counted.
    assert '<td class="kern-table__cell">1</td>' in row[:300]


@pytest.mark.parametrize("name", NON_ADMIN_STAFF)
def test_non_admin_staff_get_403(cast, login, name):
    assert login(getattr(cast, name)).get(URL).status_code == 403


def test_anonymous_is_sent_to_login(client):
    assert client.get(URL)["Location"].startswith(reverse("login"))


def test_post_gets_405(cast, login):
    assert login(cast.admin).post(URL).status_code == 405


def test_search_by_name_and_key(cast, login):
    client = login(cast.admin)
    body = client.get(URL, {"q": "gron"}).content.decode()
    assert "Gronau (Westf.)" in body and "05554008" not in body
    body = client.get(URL, {"q": "05554008"}).content.decode()
    assert "Bocholt" in body and "Gronau (Westf.)" not in body


def test_filter_outside_county(cast, login):
    Municipality.objects.create(name="Enschede", ags="99999001", in_county=False)
    body = login(cast.admin).get(URL, {"in_county": "0"}).content.decode()
    assert "Enschede" in body and "Gronau (Westf.)" not in body


def test_invalid_filter_keeps_search(cast, login):
    body = login(cast.admin).get(URL, {"q": "Bo", "in_county": "x"}).content.decode()
    assert 'value="Bo"' in body and "Auswahl" in body


def test_htmx_gets_table_only(cast, login):
    body = login(cast.admin).get(URL, HTTP_HX_REQUEST="true").content.decode()
    assert "Bocholt" in body and "<h1" not in body


def test_many_municipalities_with_bounded_queries(cast, login):
    Municipality.objects.bulk_create(
        Municipality(name=f"Gemeinde {n:02d}", ags=f"0999{n:04d}") for n in range(60))
    client = login(cast.admin)
    client.get(URL)
    with assert_max_queries(10):
        body = client.get(URL, {"page": 2, "sort": "-ags"}).content.decode()
    assert "Seite 2 von 3" in body
