"""Limits in minutes of real elapsed time: `MinuteRule`, `compute_due_at`, and lateness helpers.

Emergency plans and regulations set limits by the clock, not the calendar: on site within 15 or 30
minutes, a first report (首报) within 1 hour, a school head tells the education bureau within
2 hours. Statutory examples: after a work-safety accident the unit head reports within 1 hour
(《生产安全事故报告和调查处理条例》第九条) and each level within 2 hours (同条例第十一条).
Local plans set their own limits, so these are plan data, not constants here.

Every moment must be timezone-aware; arithmetic and comparisons are done in UTC, so the result is
real elapsed time even in a zone with daylight saving (China has none, but the code stays right).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import NamedTuple

MINUTE = timedelta(minutes=1)


@dataclass(frozen=True)
class MinuteRule:
    """A limit of `minutes` of real elapsed time from `start_event`, under provision `source`.

    `source` names the regulation or plan clause, e.g. "《生产安全事故报告和调查处理条例》第九条"
    or "《某镇安全生产事故应急预案》5.2". `window` has the meaning of `DeadlineRule.window`:
    the limit bounds an option and lapses instead of being late.
    """

    code: str
    minutes: int
    source: str
    start_event: str
    window: bool = False

    def __post_init__(self) -> None:
        if not self.code:
            raise ValueError("A minute rule needs a code, e.g. 'incident.on_site'.")
        if isinstance(self.minutes, bool) or not isinstance(self.minutes, int) or self.minutes < 1:
            raise ValueError(
                f"Rule {self.code}: minutes must be a positive integer, got {self.minutes!r}."
            )


class DueAt(NamedTuple):
    """A computed due moment with the rule that produced it.

    `due_at` is aware, in the zone of `start`. `calendar_version` is always "": a limit in
    wall-clock minutes needs no working-day calendar; the field keeps the shape of `Deadline`.
    """

    start: datetime
    due_at: datetime
    rule_code: str
    minutes: int
    source: str
    start_event: str
    calendar_version: str = ""


def require_aware(moment: datetime, name: str) -> datetime:
    """`moment` itself if it is timezone-aware; a ValueError naming `name` otherwise."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(
            f"The {name} {moment.isoformat()} has no time zone: pass an aware datetime, "
            f'e.g. with tzinfo=ZoneInfo("Asia/Shanghai").'
        )
    return moment


def compute_due_at(rule: MinuteRule, start: datetime) -> DueAt:
    """The moment `rule.minutes` of real time after `start`, in the zone of `start`."""
    require_aware(start, "start")
    due_utc = start.astimezone(UTC) + timedelta(minutes=rule.minutes)
    return DueAt(
        start,
        due_utc.astimezone(start.tzinfo),
        rule.code,
        rule.minutes,
        rule.source,
        rule.start_event,
    )


def is_passed(due_at: datetime, at: datetime) -> bool:
    """True if the limit ending at `due_at` has passed at the moment `at` (strictly after it).

    For a staff limit that means "overdue"; for a window it means "lapsed".
    """
    require_aware(due_at, "due moment")
    require_aware(at, "moment")
    return at.astimezone(UTC) > due_at.astimezone(UTC)


def minutes_late(due_at: datetime, done_at: datetime) -> int:
    """Whole minutes by which `done_at` missed `due_at`, a started minute counting as one.

    0 when done at or before `due_at`; 30 seconds late is 1 minute. Works for a `DueAt.due_at`
    and for a `Cutoff.at` alike. Meaningless for a window, which lapses rather than runs late.
    """
    require_aware(due_at, "due moment")
    require_aware(done_at, "moment done")
    late = done_at.astimezone(UTC) - due_at.astimezone(UTC)
    if late <= timedelta(0):
        return 0
    return -(-late // MINUTE)
