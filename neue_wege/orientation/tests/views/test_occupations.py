"""orientation/views_occupations.py — the occupation page and the sources-and-licences page:
exact redirect targets, methods, who gets in (content: test_occupations_views.py)."""

from __future__ import annotations

import uuid

import pytest
from django.core.cache import cache
from django.urls import reverse

from neue_wege.orientation.models import Occupation
from neue_wege.orientation.testing import import_occupations, sample_uris

pytestmark = pytest.mark.django_db


@pytest.fixture
def care(db):  # noqa: ANN001, ANN201
    cache.clear()
    import_occupations(uris=sample_uris())
    return Occupation.objects.filter(isco08="5322").exclude(kldb2010="").first()


def test_occupation_page_for_anonymous_redirects_to_the_login_with_next(client, care):
    url = reverse("orientation:occupation-detail", args=[care.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


def test_occupation_page_shows_the_occupation_in_german(cast, login, care):
    body = login(cast.nina_user).get(
        reverse("orientation:occupation-detail", args=[care.pk])).content.decode()
    assert care.label in body and 'lang="de"' in body


def test_occupation_page_guessed_id_404_and_only_get(cast, login, care):
    client = login(cast.fatma)
    assert client.get(reverse("orientation:occupation-detail",
                              args=[uuid.uuid4()])).status_code == 404
    url = reverse("orientation:occupation-detail", args=[care.pk])
    assert client.post(url).status_code == 405


def test_attributions_page_is_public_and_only_get(client):
    url = reverse("orientation:attributions")
    response = client.get(url)
    assert response.status_code == 200
    assert "Quellen und Lizenzen" in response.content.decode()
    assert client.post(url).status_code == 405
