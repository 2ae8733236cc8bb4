import uuid

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def url(method_id):
    return reverse("programmes:method-update", args=[method_id])


def data(**extra):
    values = {"name": "Erfolgsgeschichte schreiben", "purpose": "Neu formuliert",
              "duration_minutes": "50", "materials": "", "instructions": "Schreiben."}
    values.update(extra)
    return values


def test_form_prefilled(cast, login, method):
    text = login(cast.admin).get(url(method.pk)).content.decode()
    assert "Methode bearbeiten: Erfolgsgeschichte schreiben" in text
    assert "Teilnehmende schreiben über einen gelungenen Moment." in text


def test_update(cast, login, method):
    response = login(cast.fatma).post(url(method.pk), data())
    assert response.status_code == 302
    method.refresh_from_db()
    assert method.purpose == "Neu formuliert" and method.duration_minutes == 50


def test_invalid_input_keeps_values(cast, login, method):
    response = login(cast.fatma).post(url(method.pk), data(purpose="Mein Ziel",
                                                           duration_minutes="700"))
    text = response.content.decode()
    assert response.status_code == 200 and "Mein Ziel" in text
    assert "kleiner oder gleich 600" in text
    method.refresh_from_db()
    assert method.duration_minutes == 45


def test_personas(method, check_personas):
    check_personas(url(method.pk), {"fatma": 200, "jonas": 200, "admin": 200, "karl": 403,
                                    "maria": 403, "olga": 404})


def test_random_uuid_404(cast, login):
    assert login(cast.fatma).get(url(uuid.uuid4())).status_code == 404


def test_delete_not_allowed(cast, login, method):
    assert login(cast.fatma).delete(url(method.pk)).status_code == 405
