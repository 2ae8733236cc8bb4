"""The WSGI entry point for the production server.

After the application is created, the occupation matcher (the shipped classification, 1–2 s
to load, up to 15 s on a busy machine) is loaded once per process, so the first person asking
for occupation suggestions after a start does not wait. Not in tests or management commands
(`runserver` included), and switched off with NW_WARM_MATCHER=false; a failure only logs a
warning — the suggestions then load on first use as before.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "neue_wege.settings")
application = get_wsgi_application()

logger = logging.getLogger("neue_wege.wsgi")
COMMAND_LINES = frozenset({"neuewege", "manage.py", "django-admin", "django-admin.py",
                           "cli.py"})


def should_warm(argv: Sequence[str], modules: Collection[str],
                environ: Mapping[str, str]) -> bool:
    """Warm only in a server process: not under pytest, not in a management command."""
    if environ.get("NW_WARM_MATCHER", "true").strip().lower() in {"0", "false", "no", "off"}:
        return False
    if "pytest" in modules:
        return False
    program = Path(argv[0]).name if argv else ""
    return program not in COMMAND_LINES


def warm_occupation_matcher() -> bool:
    """Load the matcher now; True when it is loaded, False (with a warning) on any error."""
    try:
        from neue_wege.orientation.matcher import default_matcher

        default_matcher()
    except Exception:  # noqa: BLE001 - a broken classification must not stop the site
        logger.warning("Die Berufsvorschläge konnten beim Start nicht geladen werden; sie "
                       "werden bei der ersten Anfrage geladen.", exc_info=True)
        return False
    return True


if should_warm(sys.argv, sys.modules, os.environ):
    warm_occupation_matcher()
