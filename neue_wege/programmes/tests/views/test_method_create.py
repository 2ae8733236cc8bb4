import pytest
from django.urls import reverse

from neue_wege.programmes.models import Method

pytestmark = pytest.mark.django_db
URL = reverse("programmes:method-create")


def data(**extra):
    values = {"name": "Zielbild malen", "purpose": "Eine Vision entwickeln",
              "duration_minutes": "60", "materials": "Papier, Stifte",
              "instructions": "Jede Person malt ihren Arbeitstag in fünf Jahren."}
    values.update(extra)
    return values


def test_get_form(cast, login):
    text = login(cast.fatma).get(URL).content.decode()
    assert "Neue Methode" in text and "Dauer (Minuten)" in text


def test_create(cast, login):
    response = login(cast.fatma).post(URL, data())
    method = Method.objects.get(name="Zielbild malen")
    assert response.status_code == 302
    assert response["Location"] == reverse("programmes:method-detail", args=[method.pk])
    assert method.job_centre == cast.job_centre and method.duration_minutes == 60


def test_personas(check_personas):
    check_personas(URL, {"fatma": 200, "admin": 200, "karl": 403, "maria": 403})


def test_invalid_input_keeps_values(cast, login):
    response = login(cast.fatma).post(URL, data(duration_minutes="2"))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Zielbild malen" in text and "Papier, Stifte" in text
    assert "größer oder gleich 5" in text
    assert not Method.objects.exists()


def test_duplicate_name_german_error(cast, login, method):
    response = login(cast.fatma).post(URL, data(name="Erfolgsgeschichte Schreiben"))
    assert "Eine Methode mit diesem Namen gibt es schon." in response.content.decode()


def test_case_manager_post_forbidden(cast, login):
    assert login(cast.karl).post(URL, data()).status_code == 403


def test_put_not_allowed(cast, login):
    assert login(cast.fatma).put(URL).status_code == 405
