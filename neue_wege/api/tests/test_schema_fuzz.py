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
from django.core.wsgi import get_wsgi_application
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
schema.app = get_wsgi_application()


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
