"""The pure session planner: no database."""

import datetime as dt

from neue_wege.programmes.planning import HolidayRange, plan_dates

D = dt.date


def test_weekly_pattern_between_start_and_end_inclusive():
    dates, skipped = plan_dates(starts_on=D(2026, 2, 2), ends_on=D(2026, 2, 16), weekdays=[0, 2],
                                public_holidays={})
    assert dates == [D(2026, 2, 2), D(2026, 2, 4), D(2026, 2, 9), D(2026, 2, 11), D(2026, 2, 16)]
    assert skipped == []


def test_public_holiday_is_skipped_with_its_name():
    dates, skipped = plan_dates(starts_on=D(2026, 4, 1), ends_on=D(2026, 4, 10), weekdays=[0],
                                public_holidays={D(2026, 4, 6): "Ostermontag"})
    assert dates == []
    assert [(s.day, s.reason) for s in skipped] == [(D(2026, 4, 6), "Feiertag: Ostermontag")]


def test_school_holiday_range_is_skipped_only_when_given():
    autumn = HolidayRange("Herbstferien 2026", D(2026, 10, 17), D(2026, 10, 31))
    kwargs = dict(starts_on=D(2026, 10, 12), ends_on=D(2026, 11, 6), weekdays=[1],
                  public_holidays={})
    dates, skipped = plan_dates(school_holidays=[autumn], **kwargs)
    assert dates == [D(2026, 10, 13), D(2026, 11, 3)]
    assert [s.day for s in skipped] == [D(2026, 10, 20), D(2026, 10, 27)]
    assert skipped[0].reason == "Schulferien: Herbstferien 2026"
    dates, skipped = plan_dates(**kwargs)
    assert len(dates) == 4 and skipped == []
