"""core/views.py — the explicit allowlist of the login wall: these pages answer without logging in."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PAGES = {
    "accessibility": "Erklärung zur Barrierefreiheit</h1>",
    "privacy-notice": "Datenschutzhinweise</h1>",
    "imprint": "Impressum</h1>",
    "login": "Anmelden</h1>",
}


@pytest.mark.parametrize(("name", "heading"), PAGES.items())
def test_page_answers_anonymous_users_in_german(client, name, heading):
    response = client.get(reverse(name))
    assert response.status_code == 200
    body = response.content.decode()
    assert heading in body
    assert body.count("<h1") == 1
    assert 'lang="de"' in body


@pytest.mark.parametrize("name", PAGES)
def test_page_answers_logged_in_staff(cast, login, name):
    client = login(cast.karl)
    response = client.get(reverse(name))
    if name == "login":  # a logged-in user is sent on to the start page
        assert response.status_code == 302
        assert response["Location"] == reverse("dashboards:home")
    else:
        assert response.status_code == 200


@pytest.mark.parametrize("name", ["accessibility", "privacy-notice", "imprint", "health"])
def test_info_pages_refuse_post(client, name):
    assert client.post(reverse(name)).status_code == 405


def test_health_answers_without_login_and_without_details(client):
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_login_page_logs_in_with_german_error_on_wrong_password(cast, client):
    response = client.post(reverse("login"), {"username": "karl", "password": "falsch"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Benutzername oder Passwort stimmen nicht." in body
    assert 'value="karl"' in body


def test_language_can_be_chosen_before_logging_in(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/anmelden/"})
    assert response.status_code == 302
    assert response.url == "/anmelden/"
    assert response.cookies["django_language"].value == "en"
