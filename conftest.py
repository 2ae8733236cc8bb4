"""Test-wide set-up: a fast password hasher, the persona cast, logged-in clients."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from django.contrib.auth.signals import user_logged_in
from django.test import Client as HttpClient

from neue_wege.core.caches import cache_from_url
from neue_wege.organisation.two_factor import requires_second_factor, verify_test_session
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
    # Tests use a per-process cache that needs no database access (the shared database cache
    # of a running installation is tested in neue_wege/core/tests/test_caches.py).
    settings.CACHES = {"default": cache_from_url("locmem://")}


def _verify_test_client_login(sender, request, user, **kwargs) -> None:  # noqa: ANN001, ANN003
    # The test client's login()/force_login() use a bare HttpRequest (empty path); real
    # log-ins through /anmelden/ never do, so the real second factor is untouched.
    if request.path == "" and requires_second_factor(user):
        verify_test_session(request.session, user)


@pytest.fixture(autouse=True)
def _second_factor_for_test_logins(request) -> Iterator[None]:  # noqa: ANN001
    """`client.force_login(staff)` gives a session past the second factor, like `login()`.

    force_login already skips the password; it skips the code too, so every view test runs as a
    fully logged-in user. Tests of the second factor itself ask for `second_factor_on`.
    """
    if "second_factor_on" in request.fixturenames:
        yield
        return
    user_logged_in.connect(_verify_test_client_login, dispatch_uid="nw-test-second-factor")
    yield
    user_logged_in.disconnect(dispatch_uid="nw-test-second-factor")


@pytest.fixture
def second_factor_on() -> None:
    """force_login leaves staff sessions without the second factor (as after the password)."""


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


DB_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback",
               "live_server", "django_db_setup"}


LOG_CHECK = "tests/logs/test_no_personal_data.py"


def pytest_sessionstart(session) -> None:  # noqa: ANN001
    """Capture the log output of the whole run (neue_wege/testing/log_capture.py)."""
    from neue_wege.testing import log_capture

    log_capture.install()


def pytest_runtest_setup(item) -> None:  # noqa: ANN001
    """Again before every test (idempotent): a test that runs `django.setup()` (importing the
    WSGI module, for one) reconfigures logging and drops the capture handler."""
    from neue_wege.testing import log_capture

    log_capture.install()


def pytest_collection_modifyitems(config, items):  # noqa: ANN001
    """The log check runs last; NW_DB_TESTS_ONLY=1 keeps only the tests that use the database.

    .ci/run's PostgreSQL lane sets it: a test that never opens a database connection (the pure
    cores: statistics, text, suppression, matching) gives the same result on either database,
    and the SQLite lane runs all of them already.
    """
    items.sort(key=lambda item: LOG_CHECK in item.nodeid)  # stable: the rest keep their order
    if os.environ.get("NW_DB_TESTS_ONLY") != "1":
        return
    keep, dropped = [], []
    for item in items:
        uses_db = item.get_closest_marker("django_db") is not None or bool(
            DB_FIXTURES & set(getattr(item, "fixturenames", ())))
        (keep if uses_db else dropped).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = keep
