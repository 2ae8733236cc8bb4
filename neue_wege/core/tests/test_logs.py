"""Structured logs: JSON lines, the request id in and out, no personal data from objects."""

from __future__ import annotations

import json
import logging
import sys

import pytest
from django.urls import reverse

from neue_wege.core.logs import JsonFormatter, RequestIdFilter


def _format(record: logging.LogRecord) -> dict:
    RequestIdFilter().filter(record)
    return json.loads(JsonFormatter().format(record))


def test_request_id_is_taken_from_the_proxy_and_sent_back(client):
    response = client.get(reverse("health-live"), HTTP_X_REQUEST_ID="proxy-abc-12345")
    assert response["X-Request-ID"] == "proxy-abc-12345"


def test_request_id_is_made_when_missing_or_strange(client):
    made = client.get(reverse("health-live"))["X-Request-ID"]
    assert len(made) == 32 and int(made, 16) >= 0
    strange = client.get(reverse("health-live"), HTTP_X_REQUEST_ID='x" injected\n{')["X-Request-ID"]
    assert strange != 'x" injected\n{' and len(strange) == 32
    assert client.get(reverse("health-live"))["X-Request-ID"] != made


@pytest.mark.django_db
def test_log_lines_of_a_request_carry_its_id(cast, client, caplog):
    client.force_login(cast.karl)
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get("/gibt-es-nicht/", HTTP_X_REQUEST_ID="req-0000-1111")
    assert response.status_code == 404
    line = _format(caplog.records[-1])
    assert line["message"] == "Not Found: /gibt-es-nicht/"
    assert line["request_id"] == "req-0000-1111"


def test_json_line_has_fields_and_no_object_reprs():
    record = logging.LogRecord("neue_wege.test", logging.WARNING, __file__, 1,
                               "Auftrag %s fehlgeschlagen", ("42",), None)
    record.request = object()  # like django.request's `request`: its repr may hold a query
    record.job_kind = "evaluation.snapshot"
    line = _format(record)
    assert line["level"] == "WARNING"
    assert line["logger"] == "neue_wege.test"
    assert line["message"] == "Auftrag 42 fehlgeschlagen"
    assert line["job_kind"] == "evaluation.snapshot"
    assert "request" not in line
    assert line["time"].endswith("+00:00")


def test_database_error_messages_are_withheld():
    import psycopg

    detail = "Key (case_number)=(BOR-0001) already exists."
    try:
        raise psycopg.errors.UniqueViolation(detail)
    except psycopg.Error:
        record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "Fehler", (),
                                   sys.exc_info())
    line = _format(record)
    assert line["exc_type"] == "psycopg.errors.UniqueViolation"
    assert "BOR-0001" not in json.dumps(line)
    assert "stack" in line


def test_gunicorn_access_lines_become_fields_without_the_query():
    atoms = {"m": "GET", "U": "/klienten/", "q": "suche=Kemper", "s": 200, "B": 512, "D": 1500,
             "{x-request-id}o": "abc12345"}
    record = logging.LogRecord("gunicorn.access", logging.INFO, __file__, 1, "%(m)s %(U)s?%(q)s",
                               (), None)
    record.args = atoms
    line = _format(record)
    assert line["path"] == "/klienten/" and line["status"] == 200
    assert line["request_id"] == "abc12345" and line["duration_ms"] == 1.5
    assert "Kemper" not in json.dumps(line)


def test_exception_messages_only_when_asked_for(monkeypatch):
    said = "Frau Beispiel hat angerufen"
    try:
        raise ValueError(said)
    except ValueError:
        record = logging.LogRecord("neue_wege.jobs", logging.ERROR, __file__, 1, "Job failed", (),
                                   sys.exc_info())
    assert "Beispiel" not in json.dumps(_format(record))
    monkeypatch.setenv("NW_LOG_EXCEPTION_MESSAGES", "true")
    assert _format(record)["exc_message"] == said
