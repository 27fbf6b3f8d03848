"""`compute_deadline`: one rule, one start date, one calendar → a `Deadline` that records how.

The result stores the rule and the calendar versions that produced it, so a later holiday edit
never moves a stored deadline silently (STYLE.md: "store facts, compute time").
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from .rules import DayKind, DeadlineRule
from .working_calendar import WorkingCalendar


class Deadline(NamedTuple):
    """A computed due date with everything needed to show and re-check it.

    `rolled_forward_from` is the nominal last day when it fell on a rest day and the deadline
    moved to the next working day; otherwise None. Immutable; a named tuple rather than a frozen
    dataclass because this is the hot path of every clock (a frozen dataclass spends half of a
    computation setting its nine fields).
    """

    start: date
    due: date
    rule_code: str
    days: int
    kind: DayKind
    source: str
    start_event: str
    calendar_version: str
    rolled_forward_from: date | None = None


def compute_deadline(calendar: WorkingCalendar, rule: DeadlineRule, start: date) -> Deadline:
    """The deadline of `rule` counted from `start` (day zero: counting begins the next day).

    Raises `MissingScheduleError` if any year from `start` to the due date has no schedule.
    """
    kind = rule.kind
    working = kind is DayKind.WORKING
    due_ord, nominal_ord = calendar.due_ordinal(
        start, rule.days, working, not working and rule.roll_forward_if_rest_day
    )
    due = date.fromordinal(due_ord)
    return Deadline(
        start,
        due,
        rule.code,
        rule.days,
        kind,
        rule.source,
        rule.start_event,
        calendar.versions_used(start, due),
        None if nominal_ord == due_ord else date.fromordinal(nominal_ord),
    )
