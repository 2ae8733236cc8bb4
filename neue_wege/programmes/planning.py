"""Session planning as a pure function: dates of a weekly pattern minus holidays.

No Django import: the caller passes the public holidays and school-holiday ranges in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class HolidayRange:
    name: str
    starts_on: dt.date
    ends_on: dt.date

    def covers(self, day: dt.date) -> bool:
        return self.starts_on <= day <= self.ends_on


@dataclass(frozen=True)
class SkippedDate:
    day: dt.date
    reason: str


def plan_dates(
    *,
    starts_on: dt.date,
    ends_on: dt.date,
    weekdays: Iterable[int],
    public_holidays: Mapping[dt.date, str],
    school_holidays: Iterable[HolidayRange] = (),
    public_holiday_label: str = "Feiertag",
    school_holiday_label: str = "Schulferien",
) -> tuple[list[dt.date], list[SkippedDate]]:
    """Days between `starts_on` and `ends_on` (inclusive) on `weekdays` (0 = Monday).

    Public holidays are always skipped; days inside a school-holiday range are skipped when
    `school_holidays` is given (pass an empty iterable not to skip them).
    """
    wanted = set(weekdays)
    ranges = list(school_holidays)
    dates: list[dt.date] = []
    skipped: list[SkippedDate] = []
    day = starts_on
    while day <= ends_on:
        if day.weekday() in wanted:
            holiday = public_holidays.get(day)
            school = next((r for r in ranges if r.covers(day)), None)
            if holiday:
                skipped.append(SkippedDate(day, f"{public_holiday_label}: {holiday}"))
            elif school is not None:
                skipped.append(SkippedDate(day, f"{school_holiday_label}: {school.name}"))
            else:
                dates.append(day)
        day += dt.timedelta(days=1)
    return dates, skipped
