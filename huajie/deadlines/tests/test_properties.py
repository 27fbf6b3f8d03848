"""Properties of day counting over the whole chinesecalendar range (Hypothesis)."""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
from hypothesis import given, settings
from hypothesis import strategies as st

from huajie.deadlines import (
    DayKind,
    DeadlineRule,
    WorkingCalendar,
    YearSchedule,
    clock_pause,
    clock_resume,
    clock_start,
    compute_deadline,
    schedules_from_chinesecalendar,
)

# Module-level: Hypothesis does not mix with function-scoped fixtures.
CALENDAR = WorkingCalendar(schedules_from_chinesecalendar())
# Early enough that m + n <= 300 working days (about 450 calendar days) stay inside 2004–2026.
starts = st.dates(min_value=date(2004, 1, 1), max_value=date(2025, 6, 30))
counts = st.integers(min_value=0, max_value=150)
kinds = st.sampled_from(DayKind)


@given(starts, counts, counts)
def test_monotonic_in_n(start: date, m: int, n: int) -> None:
    low, high = sorted((m, n))
    assert CALENDAR.add_working_days(start, low) <= CALENDAR.add_working_days(start, high)
    assert CALENDAR.add_calendar_days(start, low) <= CALENDAR.add_calendar_days(start, high)
    if low < high:
        assert CALENDAR.add_working_days(start, low) < CALENDAR.add_working_days(start, high)


@given(starts, st.integers(min_value=1, max_value=300))
def test_a_working_day_result_is_a_working_day(start: date, n: int) -> None:
    due = CALENDAR.add_working_days(start, n)
    assert CALENDAR.is_working_day(due)
    assert CALENDAR.count_working_days(start, due) == n


@given(starts, st.integers(min_value=1, max_value=60))
def test_working_days_agree_with_the_package_day_by_day(start: date, n: int) -> None:
    d, left = start, n
    while left:
        d += timedelta(days=1)
        left -= chinese_calendar.is_workday(d)
    assert CALENDAR.add_working_days(start, n) == d


@given(starts, counts, counts)
def test_working_days_compose(start: date, m: int, n: int) -> None:
    middle = CALENDAR.add_working_days(start, m)
    assert CALENDAR.add_working_days(middle, n) == CALENDAR.add_working_days(start, m + n)


@given(starts, counts, counts)
def test_calendar_days_compose(start: date, m: int, n: int) -> None:
    middle = CALENDAR.add_calendar_days(start, m)
    assert CALENDAR.add_calendar_days(middle, n) == CALENDAR.add_calendar_days(start, m + n)
    assert CALENDAR.add_calendar_days(start, m + n) == start + timedelta(days=m + n)


@given(starts, st.integers(min_value=1, max_value=300), kinds, st.booleans())
def test_a_deadline_is_never_before_its_nominal_day(
    start: date, days: int, kind: DayKind, roll: bool
) -> None:
    rule = DeadlineRule("prop", days, kind, "s", "自起", roll_forward_if_rest_day=roll)
    deadline = compute_deadline(CALENDAR, rule, start)
    if kind is DayKind.WORKING or roll:
        assert CALENDAR.is_working_day(deadline.due)
    if kind is DayKind.CALENDAR:
        nominal = start + timedelta(days=days)
        assert deadline.due >= nominal
        assert (deadline.rolled_forward_from is not None) == (deadline.due != nominal)
        assert deadline.due == (CALENDAR.roll_forward(nominal) if roll else nominal)


@settings(max_examples=50)
@given(
    starts, st.integers(min_value=1, max_value=90), kinds, st.integers(min_value=0, max_value=89)
)
def test_pause_and_resume_the_same_day_is_a_no_op(
    start: date, days: int, kind: DayKind, offset: int
) -> None:
    rule = DeadlineRule("prop", days, kind, "s", "自起", max_extension_days=30)
    clock = clock_start(CALENDAR, rule, start)
    assert clock.due is not None
    on = min(start + timedelta(days=offset), clock.due)
    again = clock_resume(CALENDAR, clock_pause(CALENDAR, clock, on), on)
    assert again.due == clock.due


def test_versions_change_only_when_a_schedule_changes() -> None:
    rebuilt = WorkingCalendar(schedules_from_chinesecalendar())
    start, due = date(2024, 12, 1), date(2025, 3, 1)
    assert rebuilt.versions_used(start, due) == CALENDAR.versions_used(start, due)
    old = CALENDAR.schedules[2025]
    edited = YearSchedule(2025, old.holidays | {date(2025, 12, 31)}, old.makeup_workdays, "admin")
    changed = WorkingCalendar({**CALENDAR.schedules, 2025: edited})
    assert changed.versions_used(start, due) != CALENDAR.versions_used(start, due)
    assert changed.versions_used(start, date(2024, 12, 31)) == CALENDAR.versions_used(
        start, date(2024, 12, 31)
    )
