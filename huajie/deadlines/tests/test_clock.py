"""Clocks: pause (e.g. for a re-review hearing), resume, and the one extension of Art.34."""

from __future__ import annotations

from dataclasses import FrozenInstanceError
from datetime import date

import pytest

from huajie.deadlines import (
    DEFAULT_RULES,
    ClockError,
    WorkingCalendar,
    clock_extend,
    clock_pause,
    clock_resume,
    clock_start,
)

D = date
HANDLING = DEFAULT_RULES["petition.handling"]
REREVIEW_ANSWER = DEFAULT_RULES["petition.rereview_answer"]
OBJECTION = DEFAULT_RULES["petition.objection_not_competent"]


def test_start_matches_compute_deadline(calendar: WorkingCalendar) -> None:
    clock = clock_start(calendar, HANDLING, D(2025, 9, 30))
    assert clock.due == D(2025, 12, 1)
    assert (clock.consumed, clock.extension_days, clock.paused_on) == (0, 0, None)
    assert clock.calendar_version == calendar.schedules[2025].version
    with pytest.raises(FrozenInstanceError):
        clock.due = D(2026, 1, 1)  # type: ignore[misc]


def test_hearing_time_is_not_counted(calendar: WorkingCalendar) -> None:
    started = clock_start(calendar, REREVIEW_ANSWER, D(2025, 3, 3))
    assert started.due == D(2025, 4, 2)
    paused = clock_pause(calendar, started, D(2025, 3, 10))
    assert paused.is_paused
    assert paused.consumed == 7
    assert paused.due is None
    assert paused.remaining == 23
    resumed = clock_resume(calendar, paused, D(2025, 3, 20))
    # 2025-03-20 + 23 days = 2025-04-12, a Saturday: rolls forward to Monday.
    assert resumed.due == D(2025, 4, 14)
    assert resumed.running_since == D(2025, 3, 20)
    assert not resumed.is_paused
    assert started.due == D(2025, 4, 2)  # the original clock is unchanged


def test_working_day_clock_pause_and_resume(calendar: WorkingCalendar) -> None:
    started = clock_start(calendar, OBJECTION, D(2025, 9, 26))
    assert started.due == D(2025, 10, 10)
    paused = clock_pause(calendar, started, D(2025, 9, 29))
    assert paused.consumed == 2  # make-up Sunday 09-28 and Monday 09-29
    resumed = clock_resume(calendar, paused, D(2025, 9, 30))
    assert resumed.due == D(2025, 10, 11)  # 10-09, 10-10, make-up Saturday 10-11


def test_pause_and_resume_on_the_same_day_changes_nothing(calendar: WorkingCalendar) -> None:
    started = clock_start(calendar, HANDLING, D(2025, 9, 30))
    again = clock_resume(calendar, clock_pause(calendar, started, D(2025, 10, 20)), D(2025, 10, 20))
    assert again.due == started.due


def test_two_pauses_add_up(calendar: WorkingCalendar) -> None:
    clock = clock_start(calendar, REREVIEW_ANSWER, D(2025, 3, 3))
    clock = clock_resume(calendar, clock_pause(calendar, clock, D(2025, 3, 10)), D(2025, 3, 20))
    clock = clock_pause(calendar, clock, D(2025, 3, 25))
    assert clock.consumed == 12
    clock = clock_resume(calendar, clock, D(2025, 3, 31))
    assert clock.due == D(2025, 4, 18)  # 03-31 + 18 days


def test_pausing_on_a_rolled_forward_due_date_leaves_nothing(calendar: WorkingCalendar) -> None:
    started = clock_start(calendar, HANDLING, D(2025, 9, 30))
    paused = clock_pause(calendar, started, D(2025, 12, 1))
    assert paused.consumed == paused.budget == 60
    assert clock_resume(calendar, paused, D(2025, 12, 3)).due == D(2025, 12, 3)


def test_one_extension_of_at_most_30_days(calendar: WorkingCalendar) -> None:
    started = clock_start(calendar, HANDLING, D(2025, 9, 30))
    extended = clock_extend(calendar, started, 30)
    # counted from the nominal 60th day (2025-11-29), not from the rolled-forward 12-01
    assert extended.due == D(2025, 12, 29)
    assert extended.extension_days == 30
    assert extended.budget == 90
    with pytest.raises(ClockError, match="already extended by 30 days.*one extension only"):
        clock_extend(calendar, extended, 1)


def test_extension_after_a_pause_keeps_the_consumed_days(calendar: WorkingCalendar) -> None:
    clock = clock_start(calendar, HANDLING, D(2025, 3, 3))
    clock = clock_resume(calendar, clock_pause(calendar, clock, D(2025, 3, 13)), D(2025, 3, 23))
    clock = clock_extend(calendar, clock, 10)
    assert clock.consumed == 10
    assert clock.due == D(2025, 5, 22)  # 03-23 + (60 + 10 - 10) days, a Thursday


def test_refusals(calendar: WorkingCalendar) -> None:
    started = clock_start(calendar, HANDLING, D(2025, 9, 30))
    paused = clock_pause(calendar, started, D(2025, 10, 10))
    cases = [
        (lambda: clock_extend(calendar, started, 31), "31 days is too long.*at most 30 days"),
        (lambda: clock_extend(calendar, started, 0), "at least 1 day"),
        (lambda: clock_extend(calendar, paused, 10), "Cannot extend while the clock is paused"),
        (
            lambda: clock_extend(calendar, clock_start(calendar, OBJECTION, D(2025, 9, 30)), 5),
            "petition.objection_not_competent .* cannot be extended",
        ),
        (lambda: clock_pause(calendar, paused, D(2025, 10, 11)), "already paused since 2025-10-10"),
        (lambda: clock_resume(calendar, started, D(2025, 10, 11)), "not paused"),
        (lambda: clock_resume(calendar, paused, D(2025, 10, 9)), "before the pause on 2025-10-10"),
        (lambda: clock_pause(calendar, started, D(2025, 9, 29)), "only been running since"),
        (lambda: clock_pause(calendar, started, D(2025, 12, 2)), "2025-12-01 has already passed"),
    ]
    for action, message in cases:
        with pytest.raises(ClockError, match=message):
            action()


def test_clock_error_is_a_value_error() -> None:
    assert issubclass(ClockError, ValueError)
