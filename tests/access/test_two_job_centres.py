"""Two job centres on one installation (issue 16, point 5): nothing of one shows for the other.

The world is the access matrix's (the cast in Jobcenter Kreis Borken) plus the demo's second
job centre, Jobcenter Kreis Steinfurt (`neue_wege.demo.second_job_centre`: its administrator,
staff, location, method, programme, run, clients, referrals, enrollments and case system).

- Every URL pattern of the web application, GET and POST, as users of Borken with the ids of
  Steinfurt's objects, and as users of Steinfurt with the ids of Borken's: no answer may show
  a name, case number, title or id of the other job centre, none may be a server error, and a
  URL whose ids all belong to the other job centre must be denied (401/403/404/405/log-in).
- Every endpoint of the API, with each job centre's client system and the other's ids (404,
  nothing shown), its lists and its CSV exports (only its own records).

Each web request runs in a transaction that is rolled back, like the access matrix.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client as HttpClient
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from neue_wege.api import services as api_services
from neue_wege.core.models import Heartbeat
from neue_wege.demo import second_job_centre
from neue_wege.jobs.worker import run_queued
from neue_wege.testing.forms_crawl import API_NAMESPACE, build_world, walk_patterns

BORKEN_ROLES = ("admin", "karl", "fatma", "nina_user")
STEINFURT_ROLES = ("st-admin", "st-fall")
# What of Borken (the cast) nobody of Steinfurt may see; Steinfurt's markers come from the demo.
# (Not the name "Jobcenter Kreis Borken": the installation's legal pages and page footer name the
# operating job centre for every visitor; that is the operator, not a record.)
BORKEN_MARKERS = ["Kemper", "Demir", "Lammers", "BOR-0001", "BOR-0002",
                  "BOR-0003", "BOR-0901", "Stärken entdecken A", "Böing", "Terhorst", "Hüsken",
                  "Der Umzug meiner Nachbarin"]
DENIED = (401, 403, 404, 405)


@pytest.fixture
def two(db: Any) -> Any:  # noqa: ARG001
    # A worker that reported just now: /health/ready/ answers 200, as in a running installation.
    Heartbeat.objects.create(name="two-job-centres", kind="worker", seen_at=timezone.now())
    world = build_world()
    steinfurt = second_job_centre.build(today=timezone.localdate())
    cast = world.cast
    _, steinfurt_secret = api_services.token_issue(actor=steinfurt.staff["st-admin"],
                                                   api_client=steinfurt.api_client)
    steinfurt_ids = {
        "run_id": steinfurt.run.pk, "client_id": steinfurt.clients[0].pk,
        "referral_id": steinfurt.referrals[0].pk, "enrollment_id": steinfurt.enrollments[0].pk,
        "user_id": steinfurt.staff["st-fall"].public_id, "location_id": steinfurt.location.pk,
        "method_id": steinfurt.method.pk, "programme_id": steinfurt.run.programme_version.programme_id,
        "version_id": steinfurt.run.programme_version_id,
        "api_client_id": steinfurt.api_client.pk,
        "token_id": steinfurt.api_client.tokens.get().pk,
        "transfer_id": world.params["transfer_id"][1],  # the transfer of olga's job centre
    }
    borken_ids = {name: values[0] for name, values in world.params.items()}
    borken_ids |= {"user_id": cast.karl.public_id, "enrollment_id": cast.nina_enrollment.pk}
    users = {**cast.users(), "nina_user": cast.nina_user,
             **{name: steinfurt.staff[name] for name in STEINFURT_ROLES}}
    return {"world": world, "steinfurt": steinfurt, "users": users,
            "steinfurt_secret": steinfurt_secret,
            "ids": {"borken": borken_ids, "steinfurt": steinfurt_ids}}


def _session(user: Any) -> str:
    client = HttpClient()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def _request(client: HttpClient, method: str, path: str, cookie: str) -> Any:
    client.cookies.clear()
    client.cookies[settings.SESSION_COOKIE_NAME] = cookie
    block = transaction.atomic()
    block._from_testcase = True  # type: ignore[attr-defined]  # as the access matrix does
    with block:
        response = client.get(path) if method == "GET" else client.post(path, {})
        transaction.set_rollback(True)
    return response


def _denied(response: Any) -> bool:
    if response.status_code in DENIED:
        return True
    return 300 <= response.status_code < 400 and response["Location"].startswith(
        (reverse("login"), reverse("organisation:two-factor-verify")))


def test_no_page_shows_the_other_job_centre(two: Any) -> None:
    markers = {"borken": two["steinfurt"].markers(), "steinfurt": BORKEN_MARKERS}
    roles = {"borken": BORKEN_ROLES, "steinfurt": STEINFURT_ROLES}
    client = HttpClient(raise_request_exception=False)
    failures: list[str] = []
    checked = 0
    for side, other in (("borken", "steinfurt"), ("steinfurt", "borken")):
        cookies = {role: _session(two["users"][role]) for role in roles[side]}
        for name, params in sorted({n: p for n, p in walk_patterns() if n}.items()):
            if name.startswith(API_NAMESPACE) or name in ("logout", "set_language"):
                continue
            kwargs = {p: two["ids"][other].get(p, two["ids"][side].get(p, uuid.uuid4()))
                      for p in params}
            try:
                path = reverse(name, kwargs=kwargs)
            except NoReverseMatch:
                failures.append(f"{name}: no path from {kwargs}")
                continue
            # ids of records that belong to a job centre (not the installation-wide ones such
            # as occupations or questionnaires)
            foreign_only = bool(params) and all(p in two["ids"]["steinfurt"] for p in params)
            # POST where ids are in the path (a form without ids writes only to the own job
            # centre; its GET shows what it offers)
            for method in ("GET", "POST") if params else ("GET",):
                for role in roles[side]:
                    response = _request(client, method, path, cookies[role])
                    checked += 1
                    where = f"{method} {path} ({name}) as {role} of {side}"
                    if response.status_code >= 500:
                        failures.append(f"{where}: {response.status_code}")
                        continue
                    body = _text(response)
                    shown = [m for m in markers[side] if m in body]
                    if shown:
                        failures.append(f"{where}: shows {shown}")
                    if foreign_only and not _denied(response):
                        failures.append(f"{where}: answered {response.status_code} for the "
                                        f"other job centre's ids")
    assert checked > 1000
    assert not failures, f"{len(failures)} leaks:\n" + "\n".join(failures[:60])


def _text(response: Any) -> str:
    """The answer as text, JSON decoded (so "Hölscher" is not hidden as "H\\u00f6lscher")."""
    if "json" in response.get("Content-Type", ""):
        return json.dumps(response.json(), ensure_ascii=False)
    return response.content.decode("utf-8", "replace")


def _api_paths(ids: dict[str, Any]) -> list[tuple[str, str, Any]]:
    client_id, referral_id, run_id = ids["client_id"], ids["referral_id"], ids["run_id"]
    transfer_id = ids["transfer_id"]
    return [
        ("GET", f"/api/v1/clients/{client_id}", None),
        ("PATCH", f"/api/v1/clients/{client_id}", {"last_name": "Übernommen"}),
        ("GET", f"/api/v1/clients/{client_id}/outcomes", None),
        ("GET", f"/api/v1/referrals/{referral_id}", None),
        ("GET", f"/api/v1/runs/{run_id}", None),
        ("GET", f"/api/v1/bulk/{transfer_id}", None),
        ("GET", f"/api/v1/bulk/{transfer_id}/result", None),
        ("POST", "/api/v1/referrals", {"external_id": "X-1", "client_id": str(client_id),
                                       "run_id": str(run_id), "potential_note": "Fremd."}),
    ]


def test_no_api_endpoint_shows_the_other_job_centre(two: Any) -> None:
    world, steinfurt = two["world"], two["steinfurt"]
    ours = world.params["api_client_id"][0]
    from neue_wege.api.models import ApiClient

    _, borken_secret = api_services.token_issue(actor=world.cast.admin,
                                                api_client=ApiClient.objects.get(pk=ours))
    sides = {"borken": (borken_secret, steinfurt.markers(), two["ids"]["steinfurt"]),
             "steinfurt": (two["steinfurt_secret"], BORKEN_MARKERS, two["ids"]["borken"])}
    own_run = {"borken": "Stärken entdecken A", "steinfurt": second_job_centre.RUN_TITLE}
    failures = []
    for side, (secret, markers, foreign) in sides.items():
        api = HttpClient(raise_request_exception=False, **{"headers": {
            "Authorization": f"Bearer {secret}"}})
        for method, path, body in _api_paths(foreign):
            response = (api.generic(method, path, json.dumps(body), "application/json")
                        if body is not None else api.generic(method, path))
            # (the problem document's `instance` repeats the path the caller sent)
            text = _text(response).replace(path, "")
            if response.status_code != 404 or any(m in text for m in markers):
                failures.append(f"{side}: {method} {path} -> {response.status_code} {text[:200]}")
        # lists and exports: only the own job centre
        until = (timezone.localdate() + dt.timedelta(days=800)).isoformat()
        for path in ("/api/v1/runs", f"/api/v1/follow-ups/due?until={until}"):
            response = api.get(path)
            assert response.status_code == 200, response.content
            text = _text(response)
            if path == "/api/v1/runs":
                assert own_run[side] in text  # the list is not empty: the own runs are there
            if any(m in text for m in markers):
                failures.append(f"{side}: {path} shows {[m for m in markers if m in text]}")
        for path in ("/api/v1/bulk/clients/export", "/api/v1/bulk/follow-ups/export"):
            transfer = api.post(path).json()
            run_queued()
            result = api.get(f"/api/v1/bulk/{transfer['id']}").json()
            assert result["state"] == "done", result
            assert result["report"]["rows"] > 0 or "follow-ups" in path
            text = _text(api.get(result["result_url"]))
            if any(m in text for m in markers):
                failures.append(f"{side}: {path} exports {[m for m in markers if m in text]}")
    assert not failures, "\n".join(failures)
    # the refused PATCH changed nothing
    steinfurt.clients[0].refresh_from_db()
    assert steinfurt.clients[0].last_name == "Overesch"
