"""No personal data in logs: the whole test run's log output holds no client's name.

Runs last (root conftest.py moves it to the end), after every other test has logged what it
logs, including the production stack's gunicorn, worker and HAProxy (tests/deploy).
neue_wege/testing/log_capture.py collects the logs and the names.
"""

from __future__ import annotations

import logging

from neue_wege.testing import log_capture


def test_the_logs_of_the_whole_run_name_no_client() -> None:
    logging.getLogger("neue_wege.tests").warning("Protokollprüfung beginnt")
    text = log_capture.log_text()
    assert '"message": "Protokollprüfung beginnt"' in text, "the log capture is not installed"
    found = sorted(name for name in log_capture.names() if name in text)
    assert not found, f"client names in the logs of this run: {found[:10]}"
