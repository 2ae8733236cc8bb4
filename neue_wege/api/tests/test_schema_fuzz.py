"""Schemathesis fuzzes the whole OpenAPI schema of /api/v1/ against the WSGI application in
this process: for every operation, generated requests (valid and invalid) with a token of every
scope must never answer 5xx, and every answer must match the schema (status code, media type
and body: problem details for errors).

Deterministic (`derandomize`) and bounded (`NW_API_FUZZ_EXAMPLES` per operation, default 25).
"""

from __future__ import annotations

import os
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from neue_wege.api.testing import build_api_space
from neue_wege.api.v1 import api
from neue_wege.testing.personas import build_cast

EXAMPLES = int(os.environ.get("NW_API_FUZZ_EXAMPLES", "25"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]

schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
# The handler itself, not get_wsgi_application(): that runs django.setup() again, which
# reconfigures logging and would drop the run's log capture (tests/logs).
schema.app = WSGIHandler()


@pytest.fixture(autouse=True)
def _keep_the_test_connection() -> Any:
    """Schemathesis calls the WSGI application directly, not through Django's test client:
    like the test client, keep Django from closing the test's database connection (and with
    it the test's transaction) at the start and end of every request."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def token(db: Any) -> str:  # noqa: ARG001
    cast = build_cast()
    return build_api_space(cast).ours_secret


@schema.parametrize()
@settings(max_examples=EXAMPLES, derandomize=True, database=None, deadline=None,
          suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case: Any, token: str) -> None:
    response = case.call(headers={"Authorization": f"Bearer {token}"})
    case.validate_response(response, checks=CHECKS)


def test_answers_with_real_records_conform_to_the_schema(cast: Any, space: Any) -> None:
    """The fuzz mostly meets unknown ids (404) and invalid bodies (422): here every operation
    is called once with real records of the job centre, and its 2xx answer is checked."""
    from neue_wege.jobs.worker import run_queued

    headers = {"Authorization": f"Bearer {space.ours_secret}"}
    client_body = {"external_id": "FV-1", "case_number": "BOR-7001", "first_name": "Eva",
                   "last_name": "Neumann", "date_of_birth": "1990-01-02", "gender": "f",
                   "municipality_ags": "05554008", "benefit_since": "2024-01-01",
                   "case_manager": "karl", "single_parent": True}
    calls: list[tuple[str, str, dict[str, Any]]] = [
        ("/api/v1/clients", "POST", {"body": client_body}),
        ("/api/v1/clients/{client_id}", "GET", {"path_parameters": {"client_id": cast.nina.pk}}),
        ("/api/v1/clients/{client_id}", "PATCH",
         {"path_parameters": {"client_id": cast.nina.pk}, "body": {"phone": "02861 1234"}}),
        ("/api/v1/clients/{client_id}/outcomes", "GET",
         {"path_parameters": {"client_id": cast.nina.pk}}),
        ("/api/v1/referrals", "POST", {"body": {
            "external_id": "Z-1", "client_id": str(cast.sven.pk), "run_id": str(cast.run_a.pk),
            "potential_note": "Will es wissen.", "fit_reason": "Passt trotzdem."}}),
        ("/api/v1/referrals/{referral_id}", "GET",
         {"path_parameters": {"referral_id": cast.nina_enrollment.referral_id}}),
        ("/api/v1/runs", "GET", {}),
        ("/api/v1/runs/{run_id}", "GET", {"path_parameters": {"run_id": cast.run_a.pk}}),
        ("/api/v1/follow-ups/due", "GET", {"query": {"until": "2030-01-01"}}),
        ("/api/v1/bulk/clients/export", "POST", {}),
    ]
    statuses = []
    for path, method, parts in calls:
        case = schema[path][method].Case(**parts)
        response = case.call(headers=headers)
        case.validate_response(response, checks=CHECKS)
        statuses.append(response.status_code)
    assert statuses == [201, 200, 200, 200, 201, 200, 200, 200, 200, 202]
    transfer_id = response.json()["id"]
    run_queued()
    for path, expected in (("/api/v1/bulk/{transfer_id}", 200),
                           ("/api/v1/bulk/{transfer_id}/result", 200)):
        case = schema[path]["GET"].Case(path_parameters={"transfer_id": transfer_id})
        response = case.call(headers=headers)
        case.validate_response(response, checks=CHECKS)
        assert response.status_code == expected
