"""The demo's history is plausible: referrals before their run starts, no session on a public
or school holiday, on Christmas Eve or New Year's Eve (issue 11, point 21)."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from zoneinfo import ZoneInfo

import holidays
import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from neue_wege.clients.models import Enrollment, Referral, ReferralStatusChange
from neue_wege.programmes.models import SchoolHoliday, Session

pytestmark = pytest.mark.django_db

# A December day: the running runs reach over Christmas, the history lies in 2023 and 2024.
BUILT_ON = dt.datetime(2026, 12, 5, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))


def test_demo_history_is_plausible():
    """One build (it takes half a minute), both checks."""
    with time_machine.travel(BUILT_ON, tick=False):
        call_command("demo", "--clients", "60", stdout=StringIO())
    _referrals_are_made_and_decided_before_their_run_starts()
    _no_session_on_a_holiday_christmas_eve_or_new_years_eve()


def _referrals_are_made_and_decided_before_their_run_starts():
    referrals = list(Referral.objects.select_related("run"))
    assert {r.run.starts_on.year for r in referrals} >= {2023, 2024, 2026}
    for referral in referrals:
        starts_on = referral.run.starts_on
        assert timezone.localdate(referral.created_at) < starts_on, referral.run.title
        for moment in (referral.decided_at, referral.waitlisted_at):
            if moment is not None:
                assert referral.created_at <= moment, referral.run.title
                assert timezone.localdate(moment) < starts_on, referral.run.title
    for change in ReferralStatusChange.objects.select_related("referral__run"):
        assert timezone.localdate(change.changed_at) < change.referral.run.starts_on
    for enrollment in Enrollment.objects.select_related("run"):
        assert timezone.localdate(enrollment.created_at) <= enrollment.run.starts_on


def _no_session_on_a_holiday_christmas_eve_or_new_years_eve():
    days = {timezone.localdate(s.starts_at) for s in Session.objects.all()}
    assert {d.year for d in days} >= {2023, 2024, 2026, 2027}
    assert any(d.month == 12 for d in days)  # the running runs do reach into December
    public = holidays.Germany(subdiv="NW", years=range(2023, 2028))
    school = list(SchoolHoliday.objects.values_list("starts_on", "ends_on"))
    assert school  # the demo loads the shipped NRW school holidays
    for day in sorted(days):
        assert (day.month, day.day) not in {(12, 24), (12, 31)}, day
        assert day not in public, (day, public.get(day))
        assert not any(start <= day <= end for start, end in school), day
