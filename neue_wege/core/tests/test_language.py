import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_browser_language_does_not_switch_the_ui(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "de"
    assert '<html lang="de" dir="ltr">' in response.content.decode()


def test_chosen_language_is_used(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/anmelden/"})
    response = client.get(reverse("login"))
    assert response["Content-Language"] == "en"
    assert '<html lang="en" dir="ltr">' in response.content.decode()


def test_unknown_language_cookie_falls_back_to_german(client):
    client.cookies["django_language"] = "xx"
    assert client.get(reverse("login"))["Content-Language"] == "de"
