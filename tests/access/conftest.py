"""Print how many URL × role × object × method combinations the access matrix checked."""

from __future__ import annotations

from access_expectations import STATS


def pytest_terminal_summary(terminalreporter, exitstatus, config):  # noqa: ANN001, ARG001
    if STATS["checked"]:
        terminalreporter.section("access matrix")
        terminalreporter.write_line(
            f"access matrix: {STATS['checked']} requests (URL × role × object × method) "
            f"checked, {STATS['urls']} URL patterns × {STATS['roles']} roles")
