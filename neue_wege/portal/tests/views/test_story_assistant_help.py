"""portal:assistant-help — what the assistant does, in plain language."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db
URL = reverse("portal:assistant-help")


def test_plain_language_explanation(cast, login):
    html = login(cast.nina_user).get(URL).content.decode()
    assert "So arbeiten die Stärken-Vorschläge" in html
    assert "Es macht nur Vorschläge" in html
    assert "Nichts, solange Sie nichts übernehmen" in html
    assert html.count("<h1") == 1


@pytest.mark.parametrize("name", ["fatma", "karl", "maria", "admin", "olga"])
def test_staff_get_404(cast, login, name):
    assert login(getattr(cast, name)).get(URL).status_code == 404


def test_post_is_405(cast, login):
    assert login(cast.nina_user).post(URL).status_code == 405
