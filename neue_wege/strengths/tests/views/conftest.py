"""Helpers for the strengths view tests: the profile data set and persona status checks."""

from __future__ import annotations

import pytest

from neue_wege.strengths.tests.views.profile_data import build_profile_data

PERSONAS = ("fatma", "jonas", "karl", "petra", "maria", "admin", "olga", "nina_user",
            "ali_user", "sven_user")


@pytest.fixture
def data(cast):  # noqa: ANN001
    return build_profile_data(cast)


@pytest.fixture
def check_personas(cast, client):  # noqa: ANN001
    """`check_personas(url, {"fatma": 200, ...}, method="get", data=None)`; personas not
    named are expected to get `default` (404: the page does not exist for them)."""

    def _check(url: str, expected: dict[str, int], *, method: str = "get",
               data: dict | None = None, default: int = 404) -> None:
        for name in PERSONAS:
            status = expected.get(name, default)
            client.force_login(getattr(cast, name))
            response = getattr(client, method)(url, data or {})
            assert response.status_code == status, (name, response.status_code)

    return _check
