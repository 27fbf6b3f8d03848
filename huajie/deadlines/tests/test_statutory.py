"""The statutory days of a year the State Council's notice has not covered yet."""

from __future__ import annotations

from datetime import date

import pytest

from huajie.deadlines import ScheduleError, YearSchedule
from huajie.deadlines.statutory import as_entry, statutory_days


@pytest.mark.parametrize("year", [2025, 2026])
def test_every_statutory_day_is_off_in_the_notices_the_package_has(year, package_schedules):
    days = statutory_days(year)
    assert len(days) == 13
    assert set(days) <= package_schedules[year].holidays


def test_2027_before_its_notice():
    assert as_entry(statutory_days(2027)).splitlines() == [
        "2027-01-01",
        "2027-02-05~2027-02-08",  # 除夕 to 初三
        "2027-04-05",  # 清明
        "2027-05-01~2027-05-02",
        "2027-06-09",  # 端午
        "2027-09-15",  # 中秋
        "2027-10-01~2027-10-03",
    ]


def test_a_mid_autumn_on_national_day_counts_once():
    days = statutory_days(2028)
    assert date(2028, 10, 3) in days and len(days) == 12
    assert date(2028, 1, 25) in days  # 除夕 of the Year of the Monkey


def test_the_days_make_a_schedule_and_a_year_outside_the_law_is_refused():
    schedule = YearSchedule(year=2030, holidays=frozenset(statutory_days(2030)))
    assert not schedule.is_working_day(date(2030, 2, 4))  # 初二, a Monday
    with pytest.raises(ScheduleError):
        statutory_days(2024)  # before the 2024 revision: 除夕 was a working day
