"""The imprint and the accessibility statement name the installation's operator from the
settings, in every language the pages are read in (nothing of one county is built in)."""

import pytest
from django.test import override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

OPERATOR = {"NW_OPERATOR_NAME": "Jobcenter Kreis Steinfurt",
            "NW_OPERATOR_ADDRESS": ("Tecklenburger Straße 10", "48565 Steinfurt")}


@override_settings(**OPERATOR)
def test_the_imprint_names_the_operator_and_its_address(client):
    html = client.get(reverse("imprint")).content.decode()
    assert "Jobcenter Kreis Steinfurt<br>Tecklenburger Straße 10<br>48565 Steinfurt" in html
    assert "Borken" not in html


@override_settings(**OPERATOR)
@pytest.mark.parametrize(("language", "sentence"), [
    ("de", "Jobcenter Kreis Steinfurt ist bemüht, diese Anwendung"),
    ("en", "Jobcenter Kreis Steinfurt aims to make this application accessible"),
    ("ru", "Jobcenter Kreis Steinfurt стремится"),
    ("ar", "يسعى Jobcenter Kreis Steinfurt"),
])
def test_the_accessibility_statement_names_the_operator(client, language, sentence):
    client.cookies["django_language"] = language  # as the language switch sets it
    html = client.get(reverse("accessibility")).content.decode()
    assert sentence in html
    assert "Borken" not in html


def test_the_default_operator_is_the_county_of_borken(client):
    html = client.get(reverse("imprint")).content.decode()
    assert "Jobcenter Kreis Borken<br>Burloer Straße 93<br>46325 Borken" in html
