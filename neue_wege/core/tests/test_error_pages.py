"""German error pages without internals, checked with DEBUG off (as in production)."""

import pytest
from django.core.exceptions import SuspiciousOperation
from django.template import loader
from django.test import Client as HttpClient
from django.urls import include, path, reverse

pytestmark = pytest.mark.django_db

SECRET_SENTENCE = "geheime-interna-4711"


def _explode(request):
    raise RuntimeError(SECRET_SENTENCE)


def _suspicious(request):
    raise SuspiciousOperation(SECRET_SENTENCE)


# This module is also the URLconf of the tests marked below: the real URLs plus two that fail.
urlpatterns = [
    path("test-fehler/", _explode),
    path("test-verdaechtig/", _suspicious),
    path("", include("neue_wege.urls")),
]

INTERNALS = ("Traceback", "Using the URLconf", "DEBUG", "neue_wege", SECRET_SENTENCE,
             "noch nicht gebaut", "Nicht gefunden")


def assert_no_internals(body):
    for marker in INTERNALS:
        assert marker not in body, marker


@pytest.fixture(autouse=True)
def _production_mode(settings):
    settings.DEBUG = False


def test_missing_page_shows_german_404(client):
    response = client.get("/diese-seite-gibt-es-nicht/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Seite nicht gefunden</h1>" in body
    assert 'href="/"' in body and "Zur Startseite" in body
    assert 'lang="de"' in body
    assert "kern.min.css" in body
    assert_no_internals(body)


@pytest.mark.parametrize("path_", ["/.git/config", "/.env", "/settings.py",
                                   "/neue_wege/settings.py", "/.git/HEAD", "/var/"])
def test_secret_looking_paths_are_404(client, path_):
    response = client.get(path_)
    assert response.status_code == 404
    body = response.content.decode()
    assert "Seite nicht gefunden" in body
    assert "SECRET_KEY" not in body and "[core]" not in body


def test_logged_in_user_gets_the_same_404(cast, login):
    response = login(cast.fatma).get("/gibt-es-nicht/")
    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.content.decode()


def test_object_outside_scope_shows_german_404_without_message(cast, login):
    url = reverse("organisation:user-update", kwargs={"user_id": cast.karl.public_id})
    response = login(cast.fatma).get(url)
    assert response.status_code == 404
    body = response.content.decode()
    assert "Seite nicht gefunden" in body
    assert_no_internals(body)


def test_forbidden_page_shows_german_403(cast, login):
    response = login(cast.fatma).get(reverse("organisation:user-list"))
    assert response.status_code == 403
    body = response.content.decode()
    assert "Kein Zugriff</h1>" in body
    assert "Zur Startseite" in body
    assert_no_internals(body)


def test_bad_host_shows_german_400(client):
    response = client.get("/anmelden/", HTTP_HOST="angreifer.example")
    assert response.status_code == 400
    body = response.content.decode()
    assert "Ungültige Anfrage</h1>" in body
    assert "angreifer.example" not in body


@pytest.mark.urls(__name__)
def test_suspicious_request_shows_german_400(cast, login):
    response = login(cast.fatma).get("/test-verdaechtig/")
    assert response.status_code == 400
    body = response.content.decode()
    assert "Ungültige Anfrage" in body
    assert_no_internals(body)


@pytest.mark.urls(__name__)
def test_server_error_shows_german_500(cast):
    browser = HttpClient(raise_request_exception=False)
    browser.force_login(cast.fatma)
    response = browser.get("/test-fehler/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "Ein Fehler ist aufgetreten</h1>" in body
    assert "Zur Startseite" in body and 'href="/"' in body
    assert_no_internals(body)


def test_500_renders_without_request_or_context_processors():
    body = loader.get_template("500.html").render()  # exactly what Django's handler does
    assert "Ein Fehler ist aufgetreten" in body
    assert "/static/kern/kern.min.css" in body
    assert "<script" not in body
    assert body.count("<h1") == 1


@pytest.mark.parametrize("name", ["400.html", "403.html", "404.html"])
def test_other_error_pages_render_without_request(name):
    body = loader.get_template(name).render()
    assert body.count("<h1") == 1
    assert "Zur Startseite" in body
    assert "<script" not in body


@pytest.mark.django_db
def test_csrf_failure_gives_german_page():
    response = HttpClient(enforce_csrf_checks=True).post("/anmelden/", {"username": "x"})
    assert response.status_code == 403
    assert "Das Formular konnte nicht gesendet werden" in response.content.decode()
