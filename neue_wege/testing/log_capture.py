"""All log output of a test run in one directory, and the client names the run has seen.

The root conftest installs a handler on the root logger (JSON lines, the production formatter)
writing to `$NW_TEST_LOG_DIR/test-run.log`; the processes the deploy tests start write their
logs beside it. A `post_init` receiver remembers the name of every `Client` instance the run
creates or loads (personas, demo data, generated clients). The last test of the session
(tests/logs/test_no_personal_data.py) reads every log file and fails on any of those names.
"""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path
from typing import Any

from neue_wege.core.logs import JsonFormatter, RequestIdFilter

LOG_FILE = "test-run.log"
# The personas' clients (neue_wege/testing/personas.py); the deploy stack creates them in a
# database this process never reads.
PERSONA_CLIENTS = {"Nina Kemper", "Ali Demir", "Sven Lammers", "Kemper", "Lammers"}
_names: set[str] = set()


def _remember(sender: Any, instance: Any, **kwargs: Any) -> None:
    values = instance.__dict__  # deferred fields are absent: never load them here
    first, last = values.get("first_name"), values.get("last_name")
    if first and last:
        _names.add(f"{first} {last}")
        _names.add(f"{last}, {first}")


def install() -> Path:
    """Start capturing (idempotent); returns the log directory."""
    from django.db.models.signals import post_init

    from neue_wege.clients.models import Client

    directory = Path(os.environ.get("NW_TEST_LOG_DIR") or tempfile.mkdtemp(prefix="nw-logs-"))
    directory.mkdir(parents=True, exist_ok=True)
    os.environ["NW_TEST_LOG_DIR"] = str(directory)
    root = logging.getLogger()
    if not any(getattr(h, "nw_capture", False) for h in root.handlers):
        handler = logging.FileHandler(directory / LOG_FILE, encoding="utf-8")
        handler.setFormatter(JsonFormatter())
        handler.addFilter(RequestIdFilter())
        handler.setLevel(logging.INFO)
        handler.nw_capture = True  # type: ignore[attr-defined]
        root.addHandler(handler)
        root.setLevel(min(root.level or logging.WARNING, logging.INFO))
        logging.getLogger("fontTools").setLevel(logging.WARNING)  # PDF font subsetting chatter
    post_init.connect(_remember, sender=Client, dispatch_uid="nw-log-capture-names")
    return directory


def names() -> set[str]:
    return _names | PERSONA_CLIENTS


def log_text() -> str:
    for handler in logging.getLogger().handlers:
        handler.flush()
    directory = Path(os.environ["NW_TEST_LOG_DIR"])
    return "\n".join(path.read_text(encoding="utf-8", errors="replace")
                     for path in sorted(directory.glob("*.log")))
