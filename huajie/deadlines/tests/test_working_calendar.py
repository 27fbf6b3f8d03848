"""WorkingCalendar on real dates from the chinesecalendar package, and on missing years."""

from __future__ import annotations

from datetime import date

import pytest

from huajie.deadlines import MissingScheduleError, ScheduleError, WorkingCalendar, YearSchedule

D = date


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2025, 9, 27), False),  # Saturday
        (D(2025, 9, 28), True),  # Sunday, make-up working day for National Day
        (D(2025, 9, 30), True),
        (D(2025, 10, 1), False),  # National Day
        (D(2025, 10, 8), False),  # last day of the eight-day break
        (D(2025, 10, 9), True),
        (D(2025, 10, 11), True),  # Saturday, make-up working day
        (D(2025, 10, 12), False),  # Sunday
        (D(2026, 2, 14), True),  # Saturday, make-up working day before Spring Festival
        (D(2026, 2, 15), False),  # Spring Festival break 02-15..02-23
        (D(2026, 2, 23), False),
        (D(2026, 2, 24), True),
        (D(2026, 2, 28), True),  # Saturday, make-up working day after Spring Festival
        (D(2024, 2, 29), True),  # leap day, a Thursday
        (D(2026, 1, 4), True),  # Sunday, make-up working day after New Year 2026
    ],
)
def test_is_working_day(calendar: WorkingCalendar, day: date, working: bool) -> None:
    assert calendar.is_working_day(day) is working


@pytest.mark.parametrize(
    ("start", "n", "due"),
    [
        (D(2025, 9, 30), 0, D(2025, 9, 30)),
        (D(2025, 9, 30), 1, D(2025, 10, 9)),  # the whole National Day break is skipped
        (D(2025, 9, 30), 5, D(2025, 10, 14)),  # 10-09, 10-10, 10-11 (make-up Sat), 10-13, 10-14
        (D(2025, 9, 26), 1, D(2025, 9, 28)),  # Friday → make-up Sunday
        (D(2025, 9, 26), 4, D(2025, 10, 9)),
        (D(2026, 2, 13), 1, D(2026, 2, 14)),  # Friday → make-up Saturday
        (D(2026, 2, 13), 2, D(2026, 2, 24)),  # over the nine-day Spring Festival break
        (D(2026, 2, 12), 5, D(2026, 2, 26)),
        (D(2026, 2, 27), 1, D(2026, 2, 28)),  # make-up Saturday after the break
        (D(2026, 2, 15), 1, D(2026, 2, 24)),  # start inside the break
        (D(2025, 12, 31), 1, D(2026, 1, 4)),  # over New Year into a make-up Sunday
        (D(2024, 2, 28), 1, D(2024, 2, 29)),
    ],
)
def test_add_working_days(calendar: WorkingCalendar, start: date, n: int, due: date) -> None:
    assert calendar.add_working_days(start, n) == due


@pytest.mark.parametrize(
    ("start", "n", "due"),
    [
        (D(2024, 2, 28), 1, D(2024, 2, 29)),
        (D(2024, 1, 30), 30, D(2024, 2, 29)),
        (D(2024, 2, 29), 1, D(2024, 3, 1)),
        (D(2023, 1, 30), 30, D(2023, 3, 1)),
        (D(2025, 9, 30), 0, D(2025, 9, 30)),
        (D(2025, 9, 30), 15, D(2025, 10, 15)),
        (D(2025, 12, 17), 15, D(2026, 1, 1)),  # calendar days do not roll forward here
    ],
)
def test_add_calendar_days(calendar: WorkingCalendar, start: date, n: int, due: date) -> None:
    assert calendar.add_calendar_days(start, n) == due


def test_negative_counts_are_refused(calendar: WorkingCalendar) -> None:
    with pytest.raises(ValueError, match="cannot be negative"):
        calendar.add_working_days(D(2025, 1, 2), -1)
    with pytest.raises(ValueError, match="cannot be negative"):
        calendar.add_calendar_days(D(2025, 1, 2), -1)


def test_roll_forward(calendar: WorkingCalendar) -> None:
    assert calendar.roll_forward(D(2025, 10, 1)) == D(2025, 10, 9)
    assert calendar.roll_forward(D(2025, 10, 11)) == D(2025, 10, 11)  # make-up Saturday
    assert calendar.roll_forward(D(2026, 2, 21)) == D(2026, 2, 24)


def test_count_working_days(calendar: WorkingCalendar) -> None:
    assert calendar.count_working_days(D(2025, 9, 30), D(2025, 10, 14)) == 5
    assert calendar.count_working_days(D(2025, 9, 30), D(2025, 9, 30)) == 0
    assert calendar.count_working_days(D(2026, 2, 14), D(2026, 2, 23)) == 0
    with pytest.raises(ValueError, match="before the start"):
        calendar.count_working_days(D(2025, 10, 2), D(2025, 10, 1))


def test_years_and_schedules(calendar: WorkingCalendar) -> None:
    assert calendar.years[0] == 2004
    assert calendar.schedules[2025].year == 2025
    assert "2004–" in repr(calendar)


def test_a_schedule_filed_under_the_wrong_year_is_refused() -> None:
    with pytest.raises(ScheduleError, match="schedule for 2025 was filed under 2026"):
        WorkingCalendar({2026: YearSchedule(year=2025)})


# -- missing years -------------------------------------------------------------------------

MISSING_2027 = "No working-day schedule for 2027: enter the State Council holiday notice for 2027"


def test_a_day_in_2027_fails_loudly(calendar: WorkingCalendar) -> None:
    with pytest.raises(MissingScheduleError, match=MISSING_2027) as caught:
        calendar.is_working_day(D(2027, 1, 4))
    assert caught.value.year == 2027


def test_a_count_running_into_2027_fails_loudly(calendar: WorkingCalendar) -> None:
    with pytest.raises(MissingScheduleError, match=MISSING_2027):
        calendar.add_working_days(D(2026, 12, 31), 1)
    with pytest.raises(MissingScheduleError, match=MISSING_2027):
        calendar.add_calendar_days(D(2026, 12, 20), 15)
    with pytest.raises(MissingScheduleError, match=MISSING_2027):
        calendar.roll_forward(D(2027, 1, 1))
    with pytest.raises(MissingScheduleError, match=MISSING_2027):
        calendar.versions_used(D(2026, 12, 20), D(2027, 1, 4))


def test_a_year_before_the_package_fails_loudly(calendar: WorkingCalendar) -> None:
    with pytest.raises(MissingScheduleError, match="for 2003"):
        calendar.add_working_days(D(2003, 12, 31), 1)


def admin_2027() -> YearSchedule:
    """A stand-in for a 2027 notice typed in by an admin (dates are illustrative)."""
    return YearSchedule(
        year=2027,
        holidays=frozenset({D(2027, 1, 1), D(2027, 1, 2), D(2027, 1, 3)}),
        makeup_workdays=frozenset(),
        source="admin: 国办发明电〔2026〕x号",
    )


def test_an_admin_entered_2027_makes_2027_work(package_schedules: dict[int, YearSchedule]) -> None:
    calendar = WorkingCalendar({**package_schedules, 2027: admin_2027()})
    assert calendar.add_working_days(D(2026, 12, 31), 1) == D(2027, 1, 4)
    assert calendar.versions_used(D(2026, 12, 31), D(2027, 1, 4)) == (
        f"{package_schedules[2026].version},{admin_2027().version}"
    )


def test_an_admin_year_overrides_the_package_year(
    package_schedules: dict[int, YearSchedule],
) -> None:
    # An admin moves one 2026 day off; the merged mapping replaces the whole year.
    changed = YearSchedule(
        year=2026,
        holidays=package_schedules[2026].holidays | {D(2026, 12, 31)},
        makeup_workdays=package_schedules[2026].makeup_workdays,
        source="admin: correction",
    )
    calendar = WorkingCalendar({**package_schedules, 2026: changed})
    assert not calendar.is_working_day(D(2026, 12, 31))
    assert calendar.versions_used(D(2026, 1, 5), D(2026, 1, 5)) != package_schedules[2026].version


def test_a_gap_year_between_covered_years_fails_loudly(
    package_schedules: dict[int, YearSchedule],
) -> None:
    admin_2028 = YearSchedule(year=2028, source="admin: 2028 notice")
    calendar = WorkingCalendar({**package_schedules, 2028: admin_2028})
    # Counting from late 2026 must not jump silently over 2027 into 2028.
    with pytest.raises(MissingScheduleError, match=MISSING_2027):
        calendar.add_working_days(D(2026, 12, 30), 10)
    with pytest.raises(MissingScheduleError, match=MISSING_2027):
        calendar.add_calendar_days(D(2026, 12, 30), 400)
    with pytest.raises(MissingScheduleError, match=MISSING_2027):
        calendar.add_working_days(D(2027, 6, 1), 1)
    with pytest.raises(MissingScheduleError, match=MISSING_2027):
        calendar.versions_used(D(2026, 12, 30), D(2028, 1, 3))
    assert calendar.add_working_days(D(2028, 1, 1), 1) == D(2028, 1, 3)
    with pytest.raises(MissingScheduleError, match="for 2029"):
        calendar.add_working_days(D(2028, 12, 29), 1)


def test_an_empty_calendar_knows_no_year() -> None:
    calendar = WorkingCalendar({})
    assert calendar.years == ()
    with pytest.raises(MissingScheduleError, match="for 2025"):
        calendar.add_working_days(D(2025, 1, 1), 1)


def test_versions_used_joins_the_years_spanned(
    calendar: WorkingCalendar, package_schedules: dict[int, YearSchedule]
) -> None:
    v = {y: package_schedules[y].version for y in (2024, 2025, 2026)}
    assert calendar.versions_used(D(2025, 3, 1), D(2025, 4, 1)) == v[2025]
    assert calendar.versions_used(D(2024, 12, 1), D(2026, 1, 5)) == (
        f"{v[2024]},{v[2025]},{v[2026]}"
    )
    with pytest.raises(ValueError, match="before"):
        calendar.versions_used(D(2025, 4, 1), D(2025, 3, 1))
