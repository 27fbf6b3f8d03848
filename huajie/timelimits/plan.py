"""Applying a step's clock effects: open, stop, supersede, pause, resume, extend.

A `ClockPlan` loads a record's clocks once (every round, one query), changes them in memory and
writes them with at most one UPDATE and one INSERT. It also answers the record's nearest running
staff limit (`next_due`), so the workflow engine writes the record itself once. The arithmetic is
`huajie.deadlines`; each new clock stores its rule and the calendar version it used.

Effects are data (`ClockEffect`) so a module's state table can say which clocks each step opens
and stops; a condition (`when`) is a predicate on the record after the step's fields are set.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from django.db import models

from huajie.common.errors import ApplicationError
from huajie.deadlines import (
    Clock,
    ClockError,
    DeadlineRule,
    MissingScheduleError,
    WorkingCalendar,
    clock_extend,
    clock_pause,
    clock_resume,
    clock_start,
)
from huajie.orgs.holidays import working_calendar

from .models import DayClock, Outcome
from .rules import typed_rules


class Op(StrEnum):
    OPEN = "open"
    STOP = "stop"
    SUPERSEDE = "supersede"  # end without an outcome: replaced by a new round
    PAUSE = "pause"
    RESUME = "resume"


@dataclass(frozen=True)
class ClockEffect:
    op: Op
    kind: str
    when: Callable[[Any], bool] | None = None
    note: str = ""  # the condition in words, for the state-machine page

    def applies(self, record: Any) -> bool:
        return self.when is None or self.when(record)


def opens(kind: str, *, when: Callable[[Any], bool] | None = None, note: str = "") -> ClockEffect:
    return ClockEffect(Op.OPEN, kind, when, note)


def stops(*kinds: str) -> tuple[ClockEffect, ...]:
    return tuple(ClockEffect(Op.STOP, kind) for kind in kinds)


def supersedes(kind: str) -> ClockEffect:
    return ClockEffect(Op.SUPERSEDE, kind)


@dataclass(frozen=True)
class ClockSet:
    """How a module stores its day clocks: the model, its foreign key to the record, the rule
    code of each clock kind, and the kinds' names for messages."""

    model: type[DayClock]
    owner_field: str
    rule_codes: Mapping[str, str]
    labels: Mapping[str, str]

    def label(self, kind: str) -> str:
        return self.labels.get(kind, kind)


def missing_year_error(exc: MissingScheduleError) -> ApplicationError:
    return ApplicationError(
        f"{exc.year} 年的节假日安排尚未录入，无法计算办理期限。请管理员在“系统管理 → 节假日安排”"
        f"中录入国务院办公厅 {exc.year} 年放假通知后再试。",
        code="calendar_year_missing",
    )


def as_clock(row: DayClock) -> Clock:
    return Clock(
        rule=row.as_rule(),
        start=row.start,
        running_since=row.running_since,
        consumed=row.consumed,
        paused_on=row.paused_on,
        extension_days=row.extension_days,
        due=row.due,
        calendar_version=row.calendar_version,
    )


_STATE = ("running_since", "consumed", "paused_on", "extension_days", "due", "calendar_version")


def copy_state(row: DayClock, clock: Clock) -> list[str]:
    for name in _STATE:
        setattr(row, name, getattr(clock, name))
    return list(_STATE)


def new_row(
    model: type[DayClock], *, kind: str, rule: DeadlineRule, calendar: WorkingCalendar, start: date
) -> DayClock:
    """An unsaved clock row (round 1, no owner yet) with its rule and due date stored."""
    try:
        clock = clock_start(calendar, rule, start)
    except MissingScheduleError as exc:
        raise missing_year_error(exc) from exc
    row = model(
        kind=kind,
        round=1,
        rule_code=rule.code,
        rule_days=rule.days,
        rule_kind=rule.kind.value,
        rule_source=rule.source,
        rule_start_event=rule.start_event,
        rule_roll_forward=rule.roll_forward_if_rest_day,
        rule_max_extension=rule.max_extension_days,
        rule_window=rule.window,
        start=start,
    )
    copy_state(row, clock)
    return row


def staff_due(rows: Iterable[DayClock]) -> date | None:
    """The nearest due date among running staff limits (windows and paused clocks excluded)."""
    dues = [row.due for row in rows if row.is_staff_limit and row.due is not None]
    return min(dues) if dues else None


class ClockPlan:
    """The clocks of one record, changed in memory and saved together by `save()`."""

    def __init__(
        self, clockset: ClockSet, owner: models.Model, rows: Iterable[DayClock] | None = None
    ) -> None:
        self.clockset, self.owner = clockset, owner
        if rows is None:
            rows = clockset.model._default_manager.filter(**{clockset.owner_field: owner})
        self.rows: list[DayClock] = sorted(rows, key=lambda r: (r.kind, r.round, r.pk or 0))
        self._changed: dict[int, tuple[DayClock, set[str]]] = {}
        self._created: list[DayClock] = []
        self._rules: dict[str, DeadlineRule] = {}
        self._calendar: WorkingCalendar | None = None

    # -- reading ---------------------------------------------------------------------------
    def current(self, kind: str) -> DayClock | None:
        """The open clock of `kind` (its latest round), or None."""
        open_rows = [r for r in self.rows if r.kind == kind and r.stopped_on is None]
        return open_rows[-1] if open_rows else None

    def latest(self, kind: str) -> DayClock | None:
        rows = [r for r in self.rows if r.kind == kind]
        return rows[-1] if rows else None

    def next_due(self) -> date | None:
        return staff_due(self.rows)

    def last_date(self) -> date | None:
        """The latest date any clock started, resumed, paused or stopped: a new step cannot be
        dated before it."""
        days = [
            d
            for r in self.rows
            for d in (r.start, r.running_since, r.paused_on, r.stopped_on, r.extension_on)
            if d is not None
        ]
        return max(days) if days else None

    @property
    def calendar(self) -> WorkingCalendar:
        if self._calendar is None:
            self._calendar = working_calendar()
        return self._calendar

    # -- effects ---------------------------------------------------------------------------
    def apply(self, effects: Iterable[ClockEffect], *, record: Any, on: date) -> None:
        active = [e for e in effects if e.applies(record)]
        self._load_rules(e.kind for e in active if e.op is Op.OPEN)
        for effect in active:
            match effect.op:
                case Op.OPEN:
                    self.open(effect.kind, start=on)
                case Op.STOP:
                    self.stop(effect.kind, on=on)
                case Op.SUPERSEDE:
                    self.stop(effect.kind, on=on, superseded=True)
                case Op.PAUSE:
                    self.pause(effect.kind, on=on)
                case Op.RESUME:
                    self.resume(effect.kind, on=on)

    def _load_rules(self, kinds: Iterable[str]) -> None:
        codes = {self.clockset.rule_codes[k] for k in kinds} - set(self._rules)
        self._rules.update(typed_rules(codes, DeadlineRule))

    def open(self, kind: str, *, start: date) -> DayClock:
        """Start a clock; a kind that ran before gets the next round (e.g. a second objection)."""
        self._load_rules([kind])
        rule = self._rules[self.clockset.rule_codes[kind]]
        row = new_row(
            self.clockset.model, kind=kind, rule=rule, calendar=self.calendar, start=start
        )
        last = self.latest(kind)
        row.round = last.round + 1 if last else 1
        setattr(row, self.clockset.owner_field, self.owner)
        self.rows.append(row)
        self._created.append(row)
        return row

    def stop(self, kind: str, *, on: date, superseded: bool = False) -> DayClock | None:
        """End the open clock of `kind` on `on` and freeze its result: a staff limit is on time
        or late; a window and a superseded clock get no outcome."""
        row = self.current(kind)
        if row is None:
            return None
        row.stopped_on = on
        if not superseded and not row.rule_window:
            row.outcome = Outcome.ON_TIME if row.due is None or on <= row.due else Outcome.LATE
        self._mark(row, "stopped_on", "outcome")
        return row

    def pause(self, kind: str, *, on: date) -> DayClock:
        return self._pause_resume(kind, on, pause=True)

    def resume(self, kind: str, *, on: date) -> DayClock:
        return self._pause_resume(kind, on, pause=False)

    def _pause_resume(self, kind: str, on: date, *, pause: bool) -> DayClock:
        row = self._require_open(kind)
        word = "暂停" if pause else "恢复"
        try:
            clock = (clock_pause if pause else clock_resume)(self.calendar, as_clock(row), on)
        except ClockError as exc:
            raise ApplicationError(
                f"“{self.clockset.label(kind)}”期限当前不能{word}计时："
                + ("已在暂停中。" if pause and row.paused_on else "请核对日期。"),
                code="clock_state",
            ) from exc
        except MissingScheduleError as exc:
            raise missing_year_error(exc) from exc
        self._mark(row, *copy_state(row, clock))
        return row

    def extend(self, kind: str, *, days: int, on: date, reason: str, approver: Any) -> DayClock:
        """The one extension a limit allows (e.g. Art.34: once, at most 30 days)."""
        row = self._require_open(kind)
        label = self.clockset.label(kind)
        if row.extension_days:
            raise ApplicationError(
                f"{label}已于 {row.extension_on:%Y年%-m月%-d日} 延长过一次，"
                f"按{row.rule_source}只能延期一次。如仍无法按期办结，请报告包案领导协调。",
                code="extension_already_used",
            )
        try:
            clock = clock_extend(self.calendar, as_clock(row), days)
        except ClockError as exc:
            raise self._extension_error(row, label) from exc
        except MissingScheduleError as exc:
            raise missing_year_error(exc) from exc
        fields = copy_state(row, clock)
        row.extension_on, row.extension_reason, row.extension_approver = on, reason, approver
        self._mark(row, *fields, "extension_on", "extension_reason", "extension_approver")
        return row

    @staticmethod
    def _extension_error(row: DayClock, label: str) -> ApplicationError:
        if row.rule_max_extension is None:
            return ApplicationError(f"“{label}”期限不能延长。", code="not_extendable")
        if row.paused_on is not None:
            return ApplicationError("期限暂停期间不能延期，请先恢复计时。", code="clock_paused")
        return ApplicationError(
            f"延长天数应为 1–{row.rule_max_extension} 日（{row.rule_source}），请修改后重试。",
            code="extension_too_long",
            field="days",
        )

    def _require_open(self, kind: str) -> DayClock:
        row = self.current(kind)
        if row is None:
            raise ApplicationError(
                f"该事项没有正在计时的“{self.clockset.label(kind)}”期限。", code="no_open_clock"
            )
        return row

    def _mark(self, row: DayClock, *fields: str) -> None:
        if row in self._created:
            return
        self._changed.setdefault(id(row), (row, set()))[1].update(fields)

    # -- writing ---------------------------------------------------------------------------
    @property
    def dirty(self) -> bool:
        return bool(self._changed or self._created)

    def save(self) -> None:
        """Write the changes: one UPDATE for the changed rows, one INSERT for the new ones."""
        model = self.clockset.model
        if self._changed:
            rows = [row for row, _ in self._changed.values()]
            fields = sorted(set().union(*(f for _, f in self._changed.values())))
            model._default_manager.bulk_update(rows, fields)
        if self._created:
            model._default_manager.bulk_create(self._created)
        self._changed.clear()
        self._created = []
