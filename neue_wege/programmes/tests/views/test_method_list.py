import pytest
from django.urls import reverse

from neue_wege.programmes.models import Method
from neue_wege.testing.assertions import assert_max_queries

pytestmark = pytest.mark.django_db
URL = reverse("programmes:method-list")


def make_methods(job_centre, names):
    Method.objects.bulk_create(
        Method(job_centre=job_centre, name=name, purpose="Zweck", duration_minutes=minutes,
               instructions="So geht es.") for minutes, name in enumerate(names, start=10))


def test_list_shows_methods(cast, login, method):
    response = login(cast.karl).get(URL)
    text = response.content.decode()
    assert response.status_code == 200
    assert "Methodenkoffer" in text and "Erfolgsgeschichte schreiben" in text
    assert "Neue Methode anlegen" not in text


def test_search_by_name(cast, login, method):
    make_methods(cast.job_centre, ["Zielbild malen", "Stärkenkarten legen"])
    text = login(cast.fatma).get(URL, {"q": "karten"}).content.decode()
    assert "Stärkenkarten legen" in text
    assert "Zielbild malen" not in text and "Erfolgsgeschichte schreiben" not in text
    assert 'value="karten"' in text  # search term kept


def test_sort_by_duration_descending(cast, login):
    make_methods(cast.job_centre, ["Anfang", "Mitte", "Zuletzt"])  # 10, 11, 12 minutes
    text = login(cast.fatma).get(URL, {"sort": "-duration"}).content.decode()
    assert text.index("Zuletzt") < text.index("Mitte") < text.index("Anfang")


def test_pagination(cast, login, settings):
    settings.NW_PAGE_SIZE = 25
    make_methods(cast.job_centre, [f"Methode {i:02}" for i in range(30)])
    first = login(cast.fatma).get(URL).content.decode()
    second = login(cast.fatma).get(URL, {"page": 2}).content.decode()
    assert "Methode 24" in first and "Methode 25" not in first
    assert "Methode 25" in second and 'aria-current="page" href="?page=2"' in second


def test_htmx_gets_partial(cast, login, method):
    response = login(cast.fatma).get(URL, {"q": "Erfolg"}, HTTP_HX_REQUEST="true")
    text = response.content.decode()
    assert "Erfolgsgeschichte schreiben" in text and "<html" not in text


def test_personas(check_personas):
    check_personas(URL, {"fatma": 200, "karl": 200, "maria": 200, "admin": 200, "olga": 200})


def test_other_job_centre_methods_invisible(cast, login, method):
    assert "Erfolgsgeschichte schreiben" not in login(cast.olga).get(URL).content.decode()


def test_post_not_allowed(cast, login):
    assert login(cast.fatma).post(URL).status_code == 405


def test_queries_bounded_with_many_methods(cast, login):
    make_methods(cast.job_centre, [f"Methode {i:03}" for i in range(200)])
    client = login(cast.fatma)
    # +1: the unread notices in the staff header (issue 15)
    with assert_max_queries(9):
        response = client.get(URL, {"page": 3, "sort": "name"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Methode 050" in text and "Methode 074" in text  # the third page's 25 rows
    assert "Methode 049" not in text and "Methode 075" not in text
