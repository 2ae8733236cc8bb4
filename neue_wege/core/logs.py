"""Structured logs: one JSON object per line, with the id of the request that wrote it.

`RequestIdMiddleware` takes the `X-Request-ID` of the reverse proxy (or makes one), keeps it in
a context variable for everything the request logs, and sends it back in the response, so one
id ties the proxy's, gunicorn's and Django's lines together. `JsonFormatter` writes every record
as JSON (settings.LOGGING, deploy/gunicorn.conf.py); `RequestIdFilter` adds the id to records.

No personal data in logs (docs/operations.md, "Logs"): log ids, never names or free text; the
access log has the path without the query string (searches by name live in query strings);
exception messages are withheld (type and stack only; NW_LOG_EXCEPTION_MESSAGES=true shows them
except the database driver's, which quote row values). The test suite writes all of its log
output through this formatter and fails if a client's name appears in it
(tests/logs/test_no_personal_data.py).
"""

from __future__ import annotations

import contextvars
import json
import logging
import os
import re
import traceback
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from django.http import HttpRequest, HttpResponse

REQUEST_ID_HEADER = "X-Request-ID"
# An incoming id is taken only when it is short and plain; anything else gets a new id.
VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{8,64}$")
_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("nw_request_id", default="")

# Driver errors quote row values ("Key (case_number)=(…) already exists"): message dropped.
_REDACTED_EXCEPTION_MODULES = ("psycopg", "psycopg2", "sqlite3", "django.db")
# Attributes every LogRecord has; anything else passed with `extra=` is written as a field.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime",
                                                                        "request_id"}


def current_request_id() -> str:
    return _request_id.get()


class RequestIdMiddleware:
    """Outermost middleware: every log line of a request carries its id (`X-Request-ID`)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        request_id = incoming if VALID_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        # Kept until the response is closed (`request_finished`): Django logs 4xx/5xx
        # responses after the middleware chain has returned.
        _request_id.set(request_id)
        response = self.get_response(request)
        response.headers[REQUEST_ID_HEADER] = request_id
        return response


def clear_request_id(**kwargs: Any) -> None:
    """`request_finished` receiver: lines after the response belong to no request."""
    _request_id.set("")


def install_record_factory() -> None:
    """Every record gets `request_id` when it is made (CoreConfig.ready), whichever handler,
    thread or test capture handles it later."""
    previous = logging.getLogRecordFactory()
    if getattr(previous, "nw_request_id", False):
        return

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        record.request_id = _request_id.get()
        return record

    factory.nw_request_id = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(factory)


class RequestIdFilter(logging.Filter):
    """Adds `request_id` (empty outside a request) to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", ""):
            record.request_id = _request_id.get()
        return True


def _exception_text(exc_info: Any) -> dict[str, str]:
    """Type and stack always; the message only with NW_LOG_EXCEPTION_MESSAGES=true (a debugging
    session), never for the database driver's errors, which quote row values."""
    kind, value, tb = exc_info
    name = f"{kind.__module__}.{kind.__qualname__}"
    redacted = kind.__module__.startswith(_REDACTED_EXCEPTION_MODULES)
    shown = os.environ.get("NW_LOG_EXCEPTION_MESSAGES", "").lower() in {"1", "true", "yes", "on"}
    message = str(value) if shown and not redacted else "(withheld: may contain personal data)"
    stack = "".join(traceback.format_tb(tb)) if tb else ""
    return {"exc_type": name, "exc_message": message, "stack": stack}


def _gunicorn_access(record: logging.LogRecord) -> dict[str, Any] | None:
    """gunicorn's access records carry their atoms as a dict: take fields, not the line."""
    atoms = record.args
    if record.name != "gunicorn.access" or not isinstance(atoms, dict):
        return None
    def atom(key: str) -> Any:  # gunicorn's SafeAtoms answers "{header}o" in __getitem__ only
        try:
            return atoms[key]
        except KeyError:
            return None

    request_id = atom("{x-request-id}o")
    return {"method": atom("m"), "path": atom("U"), "status": atom("s"), "bytes": atom("B"),
            "duration_ms": round(int(atom("D") or 0) / 1000, 1),
            "request_id": "" if request_id in (None, "-") else request_id}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC), level, logger, message, request_id, extras."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", "") or _request_id.get(),
        }
        access = _gunicorn_access(record)
        if access is not None:
            entry["message"] = "request"
            entry.update(access)
        else:
            entry["message"] = record.getMessage()
        for key, value in vars(record).items():
            # Plain values only: an object's repr (e.g. Django's `request`, with the query
            # string) could carry personal data.
            if key not in _STANDARD and key not in entry and isinstance(value, str | int | float | bool):
                entry[key] = value
        if record.exc_info and record.exc_info[0] is not None:
            entry.update(_exception_text(record.exc_info))
        return json.dumps(entry, ensure_ascii=False, default=str)
