import pytest
from django.urls import reverse

from neue_wege.programmes.models import Programme

pytestmark = pytest.mark.django_db
URL = reverse("programmes:programme-create")


def data(**extra):
    values = {"name": "Neustart 50+", "valid_from": "2027-01-01",
              "content": "Zehn Treffen mit Erfahrungsaustausch.",
              "target_group_description": "Menschen ab 50 Jahren"}
    values.update(extra)
    return values


def test_get_shows_german_form(cast, login):
    response = login(cast.fatma).get(URL)
    assert response.status_code == 200
    assert "Neues Projekt" in response.content.decode()


def test_admin_creates_programme_with_version_one(cast, login, method):
    response = login(cast.admin).post(URL, data(methods=[method.pk],
                                                 responsible_staff=[cast.fatma.pk]))
    programme = Programme.objects.get(name="Neustart 50+")
    assert response.status_code == 302
    assert response["Location"] == reverse("programmes:programme-detail", args=[programme.pk])
    version = programme.versions.get()
    assert version.number == 1 and list(version.methods.all()) == [method]
    assert programme.job_centre == cast.job_centre


def test_personas(check_personas):
    check_personas(URL, {"fatma": 200, "admin": 200, "karl": 403, "maria": 403})


def test_case_manager_cannot_post(cast, login):
    assert login(cast.karl).post(URL, data()).status_code == 403
    assert not Programme.objects.filter(name="Neustart 50+").exists()


def test_invalid_input_keeps_values(cast, login):
    response = login(cast.fatma).post(URL, data(valid_from="kein Datum"))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Neustart 50+" in text and "Menschen ab 50 Jahren" in text
    assert "Bitte korrigieren Sie die markierte Angabe." in text
    assert "Bitte ein gültiges Datum eingeben." in text


def test_duplicate_name_gives_german_error(cast, login):
    response = login(cast.fatma).post(URL, data(name="Stärken entdecken"))
    assert response.status_code == 200
    assert "Ein Projekt mit diesem Namen gibt es schon." in response.content.decode()


def test_put_not_allowed(cast, login):
    assert login(cast.fatma).put(URL).status_code == 405
