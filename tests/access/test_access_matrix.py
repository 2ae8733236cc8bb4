"""The access matrix: every URL × every role × own, foreign and guessed ids, GET and POST.

Every URL pattern comes from the resolver; `test_every_url_is_declared` fails until a new URL
has a line in `access_expectations.EXPECT` saying who may use it. Path parameters are filled from the
forms-crawl world (persona cast + `programme_space`), three ways:

- `first`:  the first object of each kind (run A, Nina, Nina's shared story, Karl's account …),
- `second`: a second object (run B, Sven, Nina's private story, Olga's account in another job
  centre …); mixed with first objects of other kinds it also probes id mixing,
- `guessed`: a random UUID for every id (nobody may get anything).

A request counts as *allowed* when it answers 2xx, 400 (a form re-shown with errors) or a
redirect that is not to the log-in or code page; as *denied* when it answers 401 (the API's
answer without its bearer token; its URLs, `TOKEN_AUTH`, send nobody to the log-in page), 403,
404, 405 or
sends the visitor to the log-in page (or, before the second factor, to the code page). Besides
the 11 roles, Karl's session after the password but before the code must reach nothing but the
public pages and the second-factor pages. A 5xx always fails. Allowed combinations must be exactly the
declared ones; anonymous visitors must be sent to the log-in page everywhere but the public
pages; and no response, allowed or denied, may contain personal data (names, case numbers,
story titles) of people outside the requester's circle (`CIRCLE`: own record, own run, own
caseload; nobody's for another job centre, management and administrators).

Each POST runs inside a transaction that is rolled back, so no request changes the world for
the next one; sessions are restored before every request.
"""

from __future__ import annotations

import os
import pprint
import uuid
from pathlib import Path
from typing import Any

import pytest
from access_expectations import EXPECT, PUBLIC, STATS, TOKEN_AUTH
from django.conf import settings
from django.db import transaction
from django.test import Client as HttpClient
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from neue_wege.core.models import Heartbeat
from neue_wege.organisation.two_factor import OPEN_VIEWS
from neue_wege.testing.forms_crawl import build_world, walk_patterns
from neue_wege.testing.personas import PASSWORD

ROLES = ("anonymous", "nina_user", "ali_user", "sven_user", "fatma", "jonas", "karl", "petra",
         "maria", "admin", "olga")
PARTICIPANTS = {"nina_user", "ali_user", "sven_user"}
# Karl after the password but before the code: checked on every URL, declared nowhere; he may
# reach only the pages open before the second factor (two_factor.OPEN_VIEWS).
PASSWORD_ONLY = "karl_password_only"
# Requests that change the session itself (not data): POSTing them would log the role out.
SESSION_ONLY = {"logout", "set_language"}
# Personal data of the world, by the person (or story) it belongs to ...
PERSONAL = {
    "Kemper": "nina", "BOR-0001": "nina", "Demir": "ali", "BOR-0002": "ali",
    "Lammers": "sven", "BOR-0003": "sven", "BOR-0901": "lena", "BOR-0902": "mia",
    "Der Umzug meiner Nachbarin": "nina-shared", "Mein erster Arbeitstag": "nina-private",
}
# ... and whose data each role may see at all (own record, own run, own caseload, the group's
# shared story). Any answer, allowed or denied, showing anything else is a leak; for olga
# (another job centre), management (aggregates only) and administrators that is everything.
CIRCLE = {
    "anonymous": set(), "maria": set(), "admin": set(), "olga": set(),
    "nina_user": {"nina", "nina-shared", "nina-private"},
    "ali_user": {"ali", "nina-shared"},
    "sven_user": {"sven"},
    "fatma": {"nina", "ali", "lena", "nina-shared"},
    "karl": {"nina", "ali", "lena"},
    PASSWORD_ONLY: set(),
    "jonas": {"sven", "mia"},
    "petra": {"sven", "mia"},
}
# Declared exceptions: administrators handle the job centre's data subject requests
# (docs/access-rules.md), so those pages name the client (not the content of any record).
ALL_CLIENTS = {"nina", "ali", "sven", "lena", "mia"}
CIRCLE_BY_URL = {
    ("admin", "privacy:request-list"): ALL_CLIENTS,
    ("admin", "privacy:request-detail"): ALL_CLIENTS,
    ("admin", "privacy:request-restriction"): ALL_CLIENTS,
    # The Art. 15 copy an administrator produces for an access request is the person's whole
    # record, stories included (issue 11, point 12; docs/privacy.md, section 6).
    ("admin", "privacy:request-export-json"): ALL_CLIENTS | {"nina-shared", "nina-private"},
    ("admin", "privacy:request-export-pdf"): ALL_CLIENTS | {"nina-shared", "nina-private"},
    ("admin", "privacy:request-hand-over"): ALL_CLIENTS,
}
RECORD = os.environ.get("NW_ACCESS_MATRIX_RECORD")  # a file: write the observed table there


def url_patterns() -> dict[str, tuple[str, ...]]:
    return {name: params for name, params in walk_patterns() if name}


def _objects(world: Any) -> dict[str, dict[str, Any]]:
    cast = world.cast
    params = {name: list(values) for name, values in world.params.items()}
    params["user_id"] = [cast.karl.public_id, cast.olga.public_id]  # second: another job centre
    params["client_id"] = [cast.nina.pk, cast.sven.pk]
    params["enrollment_id"] = [cast.nina_enrollment.pk, cast.sven_enrollment.pk]
    params["referral_id"] = [world.pending_a.pk, world.pending_b.pk]
    first = {name: values[0] for name, values in params.items()}
    second = {name: values[1] if len(values) > 1 else values[0] for name, values in params.items()}
    guessed = {name: ("kein-eintrag" if name == "item_key" else uuid.uuid4()) for name in params}
    return {"first": first, "second": second, "guessed": guessed}


def _outcome(response: Any) -> str:
    status = response.status_code
    if status >= 500:
        return "error"
    if status in (401, 403, 404, 405):  # 401: the API asks for its bearer token
        return "denied"
    if 300 <= status < 400:
        location = response.get("Location", "")
        if location.startswith(reverse("organisation:two-factor-verify")):
            return "code"
        return "login" if location.startswith(reverse("login")) else "allowed"
    return "allowed"


class Matrix:
    """The logged-in clients, one per role, and the request loop."""

    def __init__(self, world: Any) -> None:
        self.world = world
        self.clients: dict[str, HttpClient] = {}
        self.cookies: dict[str, str] = {}
        for role in ROLES:
            client = HttpClient(raise_request_exception=False)
            if role != "anonymous":
                user = getattr(world.cast, role) if role in PARTICIPANTS else \
                    world.cast.users()[role]
                client.force_login(user)
                self.cookies[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
            self.clients[role] = client
        password_only = HttpClient(raise_request_exception=False)
        response = password_only.post(reverse("login"), {"username": "karl", "password": PASSWORD})
        assert response.status_code == 302, "karl could not log in with the password"
        self.cookies[PASSWORD_ONLY] = password_only.cookies[settings.SESSION_COOKIE_NAME].value
        self.clients[PASSWORD_ONLY] = password_only
        self.checked = 0

    def request(self, role: str, method: str, path: str) -> Any:
        client = self.clients[role]
        client.cookies.clear()
        if role in self.cookies:
            client.cookies[settings.SESSION_COOKIE_NAME] = self.cookies[role]
        # Rolled back like a TestCase's own block, so the entry-point services, which open the
        # outer transaction (`atomic(durable=True)`), may run inside it.
        block = transaction.atomic()
        block._from_testcase = True  # type: ignore[attr-defined]
        with block:
            response = client.get(path) if method == "GET" else client.post(path, {})
            transaction.set_rollback(True)
        self.checked += 1
        return response


def _leaks(role: str, name: str, body: str) -> list[str]:
    circle = CIRCLE[role] | CIRCLE_BY_URL.get((role, name), set())
    return [marker for marker, owner in PERSONAL.items()
            if owner not in circle and marker in body]


def _declared(name: str, method: str, bundle: str) -> str | None:
    spec = EXPECT.get(name, {}).get(method)
    if bundle == "guessed":
        return ""
    if bundle == "none":
        return spec if isinstance(spec, str) else None
    return spec[0 if bundle == "first" else 1] if isinstance(spec, tuple) else None


def run_matrix(world: Any) -> tuple[list[str], dict[str, Any], int]:
    """Request everything; return (failures, observed table, combinations checked)."""
    matrix = Matrix(world)
    objects = _objects(world)
    failures: list[str] = []
    observed: dict[str, Any] = {}
    for name, params in sorted(url_patterns().items()):
        bundles = ["first", "second", "guessed"] if params else ["none"]
        methods = ["GET"] if name in SESSION_ONLY else ["GET", "POST"]
        for method in methods:
            for bundle in bundles:
                kwargs = {p: objects[bundle][p] for p in params} if params else {}
                try:
                    path = reverse(name, kwargs=kwargs)
                except NoReverseMatch:
                    failures.append(f"{name}: cannot build a path from {kwargs}")
                    continue
                allowed = []
                for role in (*ROLES, PASSWORD_ONLY):
                    response = matrix.request(role, method, path)
                    outcome = _outcome(response)
                    body = response.content.decode("utf-8", "replace")
                    where = f"{method} {path} ({name}, {bundle}) as {role}"
                    if outcome == "error":
                        failures.append(f"{where}: server error {response.status_code}")
                    elif role == PASSWORD_ONLY:
                        if outcome == "allowed" and name not in PUBLIC | OPEN_VIEWS:
                            failures.append(f"{where}: reachable before the second factor "
                                            f"({response.status_code})")
                    elif outcome == "allowed":
                        allowed.append(role)
                    leaked = _leaks(role, name, body)
                    if leaked:
                        failures.append(f"{where}: answers {response.status_code} showing "
                                        f"{leaked}")
                    if (role == "anonymous" and name not in PUBLIC | TOKEN_AUTH
                            and outcome != "login"):
                        failures.append(f"{where}: anonymous not sent to log-in "
                                        f"({response.status_code})")
                observed.setdefault(name, {}).setdefault(method, {})[bundle] = " ".join(allowed)
                if RECORD:
                    continue
                declared = _declared(name, method, bundle)
                if declared is None:
                    failures.append(f"{method} {name} ({bundle}): no expectation declared "
                                    f"(allowed now: {' '.join(allowed) or 'nobody'})")
                elif set(declared.split()) != set(allowed):
                    extra = sorted(set(allowed) - set(declared.split()))
                    missing = sorted(set(declared.split()) - set(allowed))
                    failures.append(f"{method} {path} ({name}, {bundle}): allowed for "
                                    f"{extra} beyond the declaration, denied for {missing}")
    return failures, observed, matrix.checked


@pytest.fixture
def world(db, settings) -> Any:  # noqa: ANN001
    # A task worker has just reported, so /health/ready/ answers 200 (503 without a worker,
    # neue_wege/core/tests/views/test_health.py); the matrix takes minutes, hence the long age.
    Heartbeat.objects.create(name="access-matrix", kind="worker", seen_at=timezone.now())
    settings.NW_WORKER_HEARTBEAT_MAX_AGE = 3600
    return build_world()


def test_every_url_is_declared() -> None:
    missing = sorted(set(url_patterns()) - set(EXPECT))
    assert not missing, ("URLs without an access expectation (add them to "
                         f"tests/access/access_expectations.py): {missing}")
    stale = sorted(set(EXPECT) - set(url_patterns()))
    assert not stale, f"expectations for URLs that no longer exist: {stale}"


def test_access_matrix(world) -> None:  # noqa: ANN001
    failures, observed, checked = run_matrix(world)
    STATS.update(checked=checked, urls=len(url_patterns()), roles=len(ROLES) + 1)
    if RECORD:
        Path(RECORD).write_text("EXPECT = " + pprint.pformat(observed, width=100) + "\n",
                                encoding="utf-8")
        Path(RECORD + ".failures").write_text("\n".join(failures) + "\n", encoding="utf-8")
    assert checked > 0
    assert not failures, f"{len(failures)} access failures:\n" + "\n".join(failures[:80])
