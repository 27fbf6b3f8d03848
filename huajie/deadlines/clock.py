"""Pausable, extendable time-limit clocks.

A `Clock` is immutable: each operation returns a new one. Counting follows `compute_deadline`:
the start date (and each resume date) is day zero. Pausing on day p counts the days up to and
including p; resuming on day r restarts the remaining budget from r, so pausing and resuming on
the same day changes nothing. Used for time that the law does not count, e.g. a hearing during
re-review (《信访工作条例》第三十六条: 听证所需时间不计算在前款规定的期限内).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from .errors import ClockError
from .rules import DayKind, DeadlineRule
from .working_calendar import WorkingCalendar


@dataclass(frozen=True)
class Clock:
    """The state of one time limit.

    `consumed` counts the days used before `running_since` (while running) or up to `paused_on`
    (while paused). `due` is None while paused: a paused limit has no due date.
    """

    rule: DeadlineRule
    start: date
    running_since: date
    consumed: int = 0
    paused_on: date | None = None
    extension_days: int = 0
    due: date | None = None
    calendar_version: str = ""

    @property
    def is_paused(self) -> bool:
        return self.paused_on is not None

    @property
    def budget(self) -> int:
        """The days allowed in total: the rule's days plus the extension, if any."""
        return self.rule.days + self.extension_days

    @property
    def remaining(self) -> int:
        """The days left to count from `running_since` (or from the resume date, if paused)."""
        return self.budget - self.consumed


def _running(calendar: WorkingCalendar, clock: Clock, since: date, consumed: int) -> Clock:
    rule = clock.rule
    working = rule.kind is DayKind.WORKING
    due_ord, _ = calendar.due_ordinal(since, clock.budget - consumed, working, rule.rolls_forward)
    due = date.fromordinal(due_ord)
    return replace(
        clock,
        running_since=since,
        consumed=consumed,
        paused_on=None,
        due=due,
        calendar_version=calendar.versions_used(clock.start, due),
    )


def clock_start(calendar: WorkingCalendar, rule: DeadlineRule, start: date) -> Clock:
    """A running clock for `rule` from `start` (day zero)."""
    return _running(calendar, Clock(rule=rule, start=start, running_since=start), start, 0)


def clock_pause(calendar: WorkingCalendar, clock: Clock, on: date) -> Clock:
    """Stop the clock on `on`; the days up to and including `on` are consumed."""
    if clock.paused_on is not None:
        raise ClockError(
            f"The clock is already paused since {clock.paused_on.isoformat()}: "
            f"resume it before pausing again."
        )
    assert clock.due is not None  # noqa: S101 - a running clock always has a due date
    if on < clock.running_since:
        raise ClockError(
            f"Cannot pause on {on.isoformat()}: the clock has only been running since "
            f"{clock.running_since.isoformat()}."
        )
    if on > clock.due:
        raise ClockError(
            f"Cannot pause on {on.isoformat()}: the deadline {clock.due.isoformat()} "
            f"has already passed."
        )
    if clock.rule.kind is DayKind.WORKING:
        used = calendar.count_working_days(clock.running_since, on)
    else:
        used = (on - clock.running_since).days
    consumed = min(clock.budget, clock.consumed + used)
    return replace(clock, paused_on=on, consumed=consumed, due=None)


def clock_resume(calendar: WorkingCalendar, clock: Clock, on: date) -> Clock:
    """Restart the clock on `on` (day zero) with the remaining budget."""
    if clock.paused_on is None:
        raise ClockError("The clock is not paused, so it cannot be resumed.")
    if on < clock.paused_on:
        raise ClockError(
            f"Cannot resume on {on.isoformat()}: that is before the pause on "
            f"{clock.paused_on.isoformat()}."
        )
    return _running(calendar, clock, on, clock.consumed)


def clock_extend(calendar: WorkingCalendar, clock: Clock, days: int) -> Clock:
    """Extend the limit once by `days` (at most the rule's `max_extension_days`)."""
    rule = clock.rule
    if rule.max_extension_days is None:
        raise ClockError(f"The limit {rule.code} ({rule.source}) cannot be extended.")
    if clock.extension_days:
        raise ClockError(
            f"The limit {rule.code} was already extended by {clock.extension_days} days: "
            f"{rule.source} allows one extension only."
        )
    if days < 1:
        raise ClockError(f"An extension must be at least 1 day, got {days}.")
    if days > rule.max_extension_days:
        raise ClockError(
            f"An extension of {days} days is too long: {rule.source} allows at most "
            f"{rule.max_extension_days} days."
        )
    if clock.paused_on is not None:
        raise ClockError(
            f"Cannot extend while the clock is paused (since {clock.paused_on.isoformat()}): "
            f"resume it first."
        )
    extended = replace(clock, extension_days=days)
    return _running(calendar, extended, clock.running_since, clock.consumed)
