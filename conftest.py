"""Test-wide set-up: a fast password hasher, the persona cast, logged-in clients."""

from __future__ import annotations

import pytest
from django.test import Client as HttpClient

from neue_wege.testing.personas import Cast, build_cast


@pytest.fixture(autouse=True)
def _fast_tests(settings):  # noqa: ANN001
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Log-in throttling (django-axes) needs the request in `authenticate`, which the test
    # client's `login()` does not pass; the throttling tests switch it on again
    # (neue_wege/privacy/tests/views/test_login_throttle.py, fixture `axes_on`).
    settings.AXES_ENABLED = False


@pytest.fixture
def cast(db) -> Cast:  # noqa: ANN001
    return build_cast()


@pytest.fixture
def login(client):  # noqa: ANN001
    """`login(user)` returns a test client logged in as that user."""

    def _login(user) -> HttpClient:  # noqa: ANN001
        client.force_login(user)
        return client

    return _login
