"""The management start page's figures: stored, and counted again by the task runner.

At a county's scale the capacity and waitlist figures take about a second to count (72,000
waiting referrals at 1,000,000 clients), so the page reads them from `jobs.stored` and the
worker counts them again when they are two minutes old (docs/tasks.md).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from neue_wege.dashboards import selectors
from neue_wege.jobs import stored
from neue_wege.privacy import access

KIND = "dashboards.overview"


def _compute(user: Any, key: str) -> selectors.ManagementOverview:
    return selectors.management_overview(user=user, year=int(key))


def register() -> None:
    """Called once from DashboardsConfig.ready (the worker needs the kind too). Counted in the
    request when nothing is stored yet: about a second at a million clients."""
    stored.register(KIND, compute=_compute, allowed=access.can_see_key_figures,
                    fresh_for=dt.timedelta(minutes=2), first_in_request=True)


def for_page(*, user: Any, year: int) -> stored.Stored:
    return stored.read(user=user, kind=KIND, key=str(year))
