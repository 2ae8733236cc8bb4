"""Print how much the form fuzzer covered at the end of the run."""

from __future__ import annotations

from neue_wege.testing.forms_crawl import STATS


def pytest_terminal_summary(terminalreporter, exitstatus, config):  # noqa: ANN001, ARG001
    if not STATS.examples and not STATS.crawled:
        return
    reporter = terminalreporter
    reporter.section("form fuzz")
    pairs = {(action, persona) for _, action, persona in STATS.forms}
    reporter.write_line(f"fuzzed {len(STATS.forms)} (page x form x persona) forms, "
                        f"{len(pairs)} distinct (URL x persona), {STATS.examples} examples")
    if STATS.crawled:
        reporter.write_line(f"crawler found {STATS.crawled} forms")
    if config.getoption("verbose") > 0:
        for label, count in sorted(STATS.by_form.items()):
            statuses = ", ".join(f"{status}: {n}" for status, n
                                 in sorted(STATS.statuses.get(label, {}).items()))
            reporter.write_line(f"  {count:4d}  {label}  [{statuses}]")
            if config.getoption("verbose") > 1:
                top = sorted(STATS.errors.get(label, {}).items(), key=lambda item: -item[1])
                for text, n in top[:6]:
                    reporter.write_line(f"          {n:3d} x {text[:110]}")
