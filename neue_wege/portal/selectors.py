"""Reads for the portal's start page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from neue_wege.clients.models import Enrollment
from neue_wege.programmes.models import Session


@dataclass
class PortalHome:
    first_name: str
    run_title: str
    place: str
    address: str
    next_session: Session | None


def portal_home_summary(*, enrollment: Enrollment, now: dt.datetime) -> PortalHome:
    """The participant's run and its next (or current) session."""
    run = enrollment.run
    next_session = (Session.objects.filter(run=run, ends_at__gte=now)
                    .order_by("starts_at").first())
    return PortalHome(first_name=enrollment.client.first_name, run_title=run.title,
                      place=run.location.name, address=run.location.address,
                      next_session=next_session)
