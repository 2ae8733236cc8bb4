import datetime as dt

import pytest
from django.urls import reverse

from neue_wege.organisation.models import Location
from neue_wege.programmes.models import Run
from neue_wege.testing.assertions import assert_max_queries

pytestmark = pytest.mark.django_db
URL = reverse("programmes:run-list")


def test_list_shows_runs_with_free_seats(cast, login):
    response = login(cast.karl).get(URL)
    text = response.content.decode()
    assert response.status_code == 200
    assert "Stärken entdecken A" in text and "Stärken entdecken B" in text
    # run A: 10 seats, Nina and Ali hold two -> 8 free; run B: Sven -> 9 free
    assert "8 von 10" in text and "9 von 10" in text
    assert "Neuen Durchlauf anlegen" not in text


def test_facilitator_sees_create_button(cast, login):
    assert "Neuen Durchlauf anlegen" in login(cast.fatma).get(URL).content.decode()


def test_filter_by_status_and_location(cast, login):
    mobile = Location.objects.create(job_centre=cast.job_centre, name="Pfarrheim Vreden",
                                     kind=Location.Kind.MOBILE_VENUE, municipality=cast.gronau)
    Run.objects.filter(pk=cast.run_b.pk).update(location=mobile, status=Run.Status.FINISHED)
    client = login(cast.maria)
    text = client.get(URL, {"status": "finished"}).content.decode()
    assert "Stärken entdecken B" in text and "Stärken entdecken A" not in text
    assert "(mobil)" in text
    text = client.get(URL, {"location": str(cast.location.pk)}).content.decode()
    assert "Stärken entdecken A" in text and "Stärken entdecken B" not in text


def test_filter_by_year_and_programme(cast, login):
    client = login(cast.maria)
    next_year = cast.run_a.starts_on.year + 3
    assert "Keine Durchläufe gefunden." in client.get(URL, {"year": next_year}).content.decode()
    text = client.get(URL, {"programme": str(cast.programme.pk)}).content.decode()
    assert "Stärken entdecken A" in text


def test_sort_by_title_descending(cast, login):
    text = login(cast.maria).get(URL, {"sort": "-title"}).content.decode()
    assert text.index("Stärken entdecken B") < text.index("Stärken entdecken A")


def test_invalid_filter_shows_german_error_and_keeps_value(cast, login):
    text = login(cast.maria).get(URL, {"year": "zwanzig"}).content.decode()
    assert "Ganze Zahl eingeben." in text or "ganze Zahl" in text
    assert 'value="zwanzig"' in text


def test_htmx_gets_partial(cast, login):
    text = login(cast.maria).get(URL, HTTP_HX_REQUEST="true").content.decode()
    assert "Stärken entdecken A" in text and "<html" not in text


def test_personas(check_personas):
    check_personas(URL, {"fatma": 200, "karl": 200, "maria": 200, "admin": 200, "olga": 200})


def test_other_job_centre_sees_none_of_ours(cast, login):
    assert "Stärken entdecken A" not in login(cast.olga).get(URL).content.decode()


def test_post_not_allowed(cast, login):
    assert login(cast.fatma).post(URL).status_code == 405


def test_queries_bounded_with_many_runs(cast, login):
    start = dt.date(2025, 1, 1)
    Run.objects.bulk_create(
        Run(programme_version=cast.version, title=f"Durchlauf {i:03}", location=cast.location,
            capacity=12, starts_on=start + dt.timedelta(days=i), ends_on=start
            + dt.timedelta(days=i + 60)) for i in range(120))
    client = login(cast.karl)
    # +1: the unread notices in the staff header (issue 15)
    with assert_max_queries(11):
        response = client.get(URL, {"page": 2, "sort": "free_seats"})
    assert response.status_code == 200
    assert "12 von 12" in response.content.decode()
