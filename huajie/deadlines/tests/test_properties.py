"""Properties of day counting, minute limits and cut-offs over the chinesecalendar range
(Hypothesis)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import chinese_calendar
from hypothesis import given, settings
from hypothesis import strategies as st

from huajie.deadlines import (
    LOCAL_ZONE,
    CutoffDays,
    CutoffLayer,
    CutoffPlan,
    CutoffRule,
    DayKind,
    DeadlineRule,
    MinuteRule,
    WorkingCalendar,
    YearSchedule,
    clock_pause,
    clock_resume,
    clock_start,
    compute_deadline,
    compute_due_at,
    cutoffs_between,
    cutoffs_on,
    minutes_late,
    next_cutoff,
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


# -- minute limits and daily cut-offs ------------------------------------------------------

ZONES = [ZoneInfo(name) for name in ("Asia/Shanghai", "Europe/Berlin", "America/New_York")]
moments = st.datetimes(
    min_value=datetime(2004, 1, 2),  # noqa: DTZ001 - naive bounds; a day of margin for zones
    max_value=datetime(2026, 12, 20),  # noqa: DTZ001
    timezones=st.sampled_from([*ZONES, UTC]),
    allow_imaginary=False,
)
# Whole-minute local times; a set, so no time is listed twice.
cutoff_times = st.sets(
    st.builds(time, st.integers(0, 23), st.integers(0, 59)), min_size=1, max_size=4
)
cutoff_rules = st.builds(
    CutoffRule,
    code=st.sampled_from(["duty.a", "duty.b"]),
    times=cutoff_times.map(tuple),
    days=st.sampled_from(CutoffDays),
    source=st.just("s"),
)


@st.composite
def cutoff_plans(draw: st.DrawFn) -> CutoffPlan:
    layers = []
    for _ in range(draw(st.integers(0, 3))):
        start = draw(starts)
        end = start + timedelta(days=draw(st.integers(0, 90)))
        layers.append(CutoffLayer(start, end, draw(cutoff_rules)))
    return CutoffPlan(draw(cutoff_rules), tuple(layers))


schedules = st.one_of(cutoff_rules, cutoff_plans())


@given(st.integers(min_value=1, max_value=7 * 24 * 60), moments)
def test_due_at_is_exactly_the_minutes_later(minutes: int, start: datetime) -> None:
    due = compute_due_at(MinuteRule("prop", minutes, "s", "自起"), start)
    assert due.due_at.tzinfo is start.tzinfo
    assert due.due_at.astimezone(UTC) - start.astimezone(UTC) == timedelta(minutes=minutes)
    assert minutes_late(due.due_at, start) == 0
    assert minutes_late(start, due.due_at) == minutes


@given(schedules, moments, st.sampled_from(ZONES))
def test_the_next_cutoff_is_the_first_one_not_before_the_moment(
    schedule: CutoffRule | CutoffPlan, at: datetime, zone: ZoneInfo
) -> None:
    cutoff = next_cutoff(CALENDAR, schedule, at, zone=zone)
    assert cutoff.at.astimezone(UTC) >= at.astimezone(UTC)
    earlier = cutoffs_between(CALENDAR, schedule, at.astimezone(zone).date(), cutoff.day, zone=zone)
    assert cutoff in earlier
    ahead = [c for c in earlier if c.at.astimezone(UTC) >= at.astimezone(UTC)]
    assert ahead[0] == cutoff


@given(schedules, starts, st.integers(min_value=0, max_value=120), st.sampled_from(ZONES))
def test_cutoffs_over_a_range_are_the_days_cutoffs_in_order(
    schedule: CutoffRule | CutoffPlan, first: date, length: int, zone: ZoneInfo
) -> None:
    last = first + timedelta(days=length)
    days = [first + timedelta(days=i) for i in range(length + 1)]
    per_day = [c for d in days for c in cutoffs_on(CALENDAR, schedule, d, zone=zone)]
    between = cutoffs_between(CALENDAR, schedule, first, last, zone=zone)
    assert between == per_day
    assert [c.at.utcoffset() for c in between] == [c.at.utcoffset() for c in per_day]


@given(cutoff_rules, starts, st.integers(min_value=0, max_value=120))
def test_working_day_cutoffs_fall_on_working_days_only(
    rule: CutoffRule, first: date, length: int
) -> None:
    working = CutoffRule(rule.code, rule.times, CutoffDays.WORKING_DAYS, rule.source)
    cutoffs = cutoffs_between(CALENDAR, working, first, first + timedelta(days=length))
    for cutoff in cutoffs:
        assert CALENDAR.is_working_day(cutoff.day)
        assert chinese_calendar.is_workday(cutoff.day)
        assert cutoff.at.astimezone(LOCAL_ZONE).date() == cutoff.day
        assert cutoff.calendar_version == CALENDAR.schedules[cutoff.day.year].version
    expected_days = CALENDAR.count_working_days(first, first + timedelta(days=length)) + (
        1 if CALENDAR.is_working_day(first) else 0
    )
    assert len(cutoffs) == expected_days * len(rule.times)
