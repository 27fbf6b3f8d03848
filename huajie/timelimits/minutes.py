"""Stored minute clocks (`MinuteClock`): start one from its rule, stop it with its outcome, and
say how it stands now. The arithmetic is `huajie.deadlines.compute_due_at` (real elapsed time)."""

from __future__ import annotations

from datetime import datetime
from typing import TypeVar

from huajie.deadlines import MinuteRule, compute_due_at, minutes_late

from .models import MinuteClock, Outcome

C = TypeVar("C", bound=MinuteClock)


def minute_row(model: type[C], *, kind: str, rule: MinuteRule, start_at: datetime) -> C:
    """An unsaved clock of `model` (round 1, no owner yet) with its rule and due moment."""
    due = compute_due_at(rule, start_at)
    return model(
        kind=kind,
        rule_code=rule.code,
        rule_minutes=rule.minutes,
        rule_source=rule.source,
        rule_start_event=rule.start_event,
        rule_window=rule.window,
        start_at=start_at,
        due_at=due.due_at,
    )


def minute_stop(row: MinuteClock, *, at: datetime) -> list[str]:
    """Stop the clock at `at` and freeze whether it was met (a window gets no outcome);
    returns the fields to save."""
    row.stopped_at = at
    if not row.rule_window:
        row.outcome = Outcome.ON_TIME if at <= row.due_at else Outcome.LATE
    return ["stopped_at", "outcome"]


def minutes_over(row: MinuteClock, *, now: datetime) -> int:
    """How many minutes past its limit the clock is (or was, when stopped); 0 when within."""
    return minutes_late(row.due_at, row.stopped_at or now)


def minutes_left(row: MinuteClock, *, now: datetime) -> int | None:
    """Whole minutes until the limit for a running clock (negative once passed); None when
    stopped."""
    if row.stopped_at is not None:
        return None
    return int((row.due_at - now).total_seconds() // 60)
