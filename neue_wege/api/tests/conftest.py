"""The cast and a client system with every scope per job centre (neue_wege.api.testing)."""

from __future__ import annotations

from typing import Any

import pytest

from neue_wege.api.testing import ApiSpace, build_api_space
from neue_wege.testing.personas import Cast


@pytest.fixture
def space(cast: Cast) -> ApiSpace:
    return build_api_space(cast)


@pytest.fixture
def api(space: ApiSpace) -> Any:
    """A test client that sends our job centre's token."""
    from django.test import Client as HttpClient

    return HttpClient(raise_request_exception=False,
                      headers={"Authorization": f"Bearer {space.ours_secret}"})
