import uuid

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def url(method_id):
    return reverse("programmes:method-detail", args=[method_id])


def test_detail_shows_method(cast, login, method):
    text = login(cast.maria).get(url(method.pk)).content.decode()
    assert "Erfolgsgeschichte schreiben" in text and "45 Minuten" in text
    assert "Anleitung" in text and "Methode bearbeiten" not in text


def test_facilitator_sees_edit_link(cast, login, method):
    assert "Methode bearbeiten" in login(cast.fatma).get(url(method.pk)).content.decode()


def test_personas(method, check_personas):
    check_personas(url(method.pk), {"fatma": 200, "karl": 200, "maria": 200, "admin": 200,
                                    "olga": 404})


def test_random_uuid_404(cast, login):
    assert login(cast.fatma).get(url(uuid.uuid4())).status_code == 404


def test_post_not_allowed(cast, login, method):
    assert login(cast.fatma).post(url(method.pk)).status_code == 405
