"""YearSchedule validation and versions, and what the chinesecalendar package actually says."""

from __future__ import annotations

import pickle
from datetime import date, datetime

import chinese_calendar
import pytest
from chinese_calendar import constants

from huajie.deadlines import MissingScheduleError, ScheduleError, YearSchedule


def test_a_date_outside_the_year_is_refused() -> None:
    with pytest.raises(ScheduleError, match="2026-01-01 is not in 2025"):
        YearSchedule(year=2025, holidays=frozenset({date(2026, 1, 1)}))


def test_a_day_cannot_be_both_holiday_and_makeup_workday() -> None:
    both = date(2025, 9, 28)
    with pytest.raises(ScheduleError, match="2025-09-28 is both a holiday and a make-up"):
        YearSchedule(year=2025, holidays=frozenset({both}), makeup_workdays=frozenset({both}))


def test_a_makeup_workday_on_a_weekday_is_refused() -> None:
    with pytest.raises(ScheduleError, match="2025-09-29 is a Monday"):
        YearSchedule(year=2025, makeup_workdays=frozenset({date(2025, 9, 29)}))


def test_datetimes_and_non_integer_years_are_refused() -> None:
    with pytest.raises(ScheduleError, match="is not a date"):
        YearSchedule(year=2025, holidays=frozenset({datetime(2025, 10, 1)}))  # noqa: DTZ001
    with pytest.raises(ScheduleError, match="must be an integer"):
        YearSchedule(year="2025", holidays=frozenset())  # type: ignore[arg-type]


def test_schedule_error_is_a_value_error() -> None:
    assert issubclass(ScheduleError, ValueError)
    assert issubclass(MissingScheduleError, ScheduleError)


def test_missing_schedule_error_names_the_year_and_survives_pickling() -> None:
    error = MissingScheduleError(2027)
    assert error.year == 2027
    assert str(error) == (
        "No working-day schedule for 2027: enter the State Council holiday notice "
        "for 2027 in the admin"
    )
    copy = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own object
    assert copy.year == 2027
    assert str(copy) == str(error)


def test_sets_and_lists_are_stored_as_frozensets() -> None:
    schedule = YearSchedule(year=2025, holidays={date(2025, 1, 1)})  # type: ignore[arg-type]
    assert schedule.holidays == frozenset({date(2025, 1, 1)})
    assert isinstance(schedule.holidays, frozenset)


def test_version_is_year_prefixed_short_digest() -> None:
    schedule = YearSchedule(year=2025, holidays=frozenset({date(2025, 1, 1)}))
    year, digest = schedule.version.split(":")
    assert year == "2025"
    assert len(digest) == 10
    assert int(digest, 16) >= 0


def test_version_depends_on_content_only() -> None:
    days = [date(2025, 10, d) for d in range(1, 9)]
    a = YearSchedule(
        2025, frozenset(days), frozenset({date(2025, 9, 28)}), "chinesecalendar 1.11.0"
    )
    b = YearSchedule(
        2025, frozenset(reversed(days)), frozenset({date(2025, 9, 28)}), "admin: 国办发明电"
    )
    assert a.version == b.version


def test_version_changes_when_a_day_changes() -> None:
    base = YearSchedule(2025, frozenset({date(2025, 10, 1)}), frozenset({date(2025, 9, 28)}))
    more_holidays = YearSchedule(
        2025, frozenset({date(2025, 10, 1), date(2025, 10, 2)}), base.makeup_workdays
    )
    fewer_makeup = YearSchedule(2025, base.holidays, frozenset())
    moved_to_makeup = YearSchedule(2025, frozenset(), frozenset({date(2025, 9, 28)}))
    versions = {base.version, more_holidays.version, fewer_makeup.version, moved_to_makeup.version}
    assert len(versions) == 4


def test_loader_covers_every_year_of_the_package(
    package_schedules: dict[int, YearSchedule],
) -> None:
    all_days = [*constants.holidays, *constants.workdays]
    first, last = min(all_days).year, max(all_days).year
    assert list(package_schedules) == list(range(first, last + 1))
    assert first == 2004
    assert last >= 2026
    for year, schedule in package_schedules.items():
        assert schedule.year == year
        assert schedule.source == f"chinesecalendar {chinese_calendar.__version__}"


def test_loader_agrees_with_the_package_day_by_day(
    package_schedules: dict[int, YearSchedule],
) -> None:
    for year in (2004, 2015, 2020, 2024, 2025, 2026):
        d = date(year, 1, 1)
        while d.year == year:
            assert package_schedules[year].is_working_day(d) == chinese_calendar.is_workday(d)
            d = date.fromordinal(d.toordinal() + 1)


def test_national_day_2025_in_the_package(package_schedules: dict[int, YearSchedule]) -> None:
    schedule = package_schedules[2025]
    assert {date(2025, 10, d) for d in range(1, 9)} <= schedule.holidays
    assert date(2025, 10, 9) not in schedule.holidays
    assert {date(2025, 9, 28), date(2025, 10, 11)} <= schedule.makeup_workdays


def test_spring_festival_2026_in_the_package(package_schedules: dict[int, YearSchedule]) -> None:
    schedule = package_schedules[2026]
    assert {d for d in schedule.holidays if d.month == 2} == {
        date(2026, 2, d) for d in range(15, 24)
    }
    assert {d for d in schedule.makeup_workdays if d.month == 2} == {
        date(2026, 2, 14),
        date(2026, 2, 28),
    }


def test_package_holidays_include_weekend_days(
    package_schedules: dict[int, YearSchedule],
) -> None:
    # 2025-10-04 and 2025-10-05 are a Saturday and Sunday inside the National Day break.
    assert {date(2025, 10, 4), date(2025, 10, 5)} <= package_schedules[2025].holidays
    assert not package_schedules[2025].is_working_day(date(2025, 10, 4))


def test_is_working_day_of_a_schedule_refuses_another_year(
    package_schedules: dict[int, YearSchedule],
) -> None:
    with pytest.raises(ScheduleError, match="not in the 2025 schedule"):
        package_schedules[2025].is_working_day(date(2026, 1, 5))
