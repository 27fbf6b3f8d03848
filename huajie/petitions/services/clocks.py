"""Statutory clocks of a petition: open, stop (freezing on-time/late), extend, pause, resume.

The arithmetic is `huajie.deadlines`; this module stores each result with its rule and calendar
version so a later edit of the holiday table never moves a stored deadline.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db.models import Min

from huajie.common.errors import ApplicationError
from huajie.deadlines import (
    DEFAULT_RULES,
    Clock,
    ClockError,
    DayKind,
    DeadlineRule,
    MissingScheduleError,
    WorkingCalendar,
    clock_extend,
    clock_pause,
    clock_resume,
    clock_start,
)
from huajie.orgs.holidays import working_calendar
from huajie.orgs.models import User

from ..models import PETITIONER_WINDOWS, RULE_FOR_CLOCK, Outcome, Petition, PetitionClock
from ..models import TimeLimitRule as RuleRow


def running_staff_due(clocks: Sequence[PetitionClock]) -> date | None:
    """The nearest due date among running staff clocks: what `Petition.next_due` holds."""
    dues = [
        c.due
        for c in clocks
        if c.stopped_on is None and c.due is not None and c.kind not in PETITIONER_WINDOWS
    ]
    return min(dues) if dues else None


def next_due_sync(*, petition: Petition) -> None:
    """Recompute `petition.next_due` from its clocks and store it; called in the same
    transaction by every function here that changes a clock (one query, one update)."""
    nearest = (
        PetitionClock.objects.filter(petition=petition, stopped_on__isnull=True, due__isnull=False)
        .exclude(kind__in=sorted(PETITIONER_WINDOWS))
        .aggregate(nearest=Min("due"))["nearest"]
    )
    Petition.objects.filter(pk=petition.pk).update(next_due=nearest)
    petition.next_due = nearest


def rule_for(kind: str) -> DeadlineRule:
    code = RULE_FOR_CLOCK[kind]  # type: ignore[index]
    row = RuleRow.objects.filter(code=code).first()
    return row.as_rule() if row else DEFAULT_RULES[code]


def missing_year_error(exc: MissingScheduleError) -> ApplicationError:
    return ApplicationError(
        f"{exc.year} 年的节假日安排尚未录入，无法计算办理期限。请管理员在“系统管理 → 节假日安排”"
        f"中录入国务院办公厅 {exc.year} 年放假通知后再试。",
        code="calendar_year_missing",
    )


def _as_clock(row: PetitionClock) -> Clock:
    rule = DeadlineRule(
        code=row.rule_code,
        days=row.rule_days,
        kind=DayKind(row.rule_kind),
        source=row.rule_source,
        start_event=row.rule_start_event,
        roll_forward_if_rest_day=row.rule_roll_forward,
        max_extension_days=row.rule_max_extension,
    )
    return Clock(
        rule=rule,
        start=row.start,
        running_since=row.running_since,
        consumed=row.consumed,
        paused_on=row.paused_on,
        extension_days=row.extension_days,
        due=row.due,
        calendar_version=row.calendar_version,
    )


def _copy_state(row: PetitionClock, clock: Clock) -> list[str]:
    row.running_since, row.consumed, row.paused_on = (
        clock.running_since,
        clock.consumed,
        clock.paused_on,
    )
    row.extension_days, row.due, row.calendar_version = (
        clock.extension_days,
        clock.due,
        clock.calendar_version,
    )
    return ["running_since", "consumed", "paused_on", "extension_days", "due", "calendar_version"]


def _new_row(
    *, kind: str, rule: DeadlineRule, calendar: WorkingCalendar, start: date
) -> PetitionClock:
    """An unsaved clock row (round 1, no petition yet) with the rule and due date stored."""
    try:
        clock = clock_start(calendar, rule, start)
    except MissingScheduleError as exc:
        raise missing_year_error(exc) from exc
    row = PetitionClock(
        kind=kind,
        round=1,
        rule_code=rule.code,
        rule_days=rule.days,
        rule_kind=rule.kind.value,
        rule_source=rule.source,
        rule_start_event=rule.start_event,
        rule_roll_forward=rule.roll_forward_if_rest_day,
        rule_max_extension=rule.max_extension_days,
        start=start,
    )
    _copy_state(row, clock)
    return row


def clock_open(*, petition: Petition, kind: str, start: date) -> PetitionClock:
    """Start a clock; a kind that ran before gets the next round (e.g. a second objection)."""
    row = _new_row(kind=kind, rule=rule_for(kind), calendar=working_calendar(), start=start)
    last = petition.clocks.filter(kind=kind).order_by("-round").first()
    row.petition = petition
    row.round = (last.round + 1) if last else 1
    row.save()
    next_due_sync(petition=petition)
    return row


def first_clocks(*, kinds: Sequence[str], start: date) -> list[PetitionClock]:
    """The first-round clocks of a case not yet saved: computed before it exists (one rule query
    and one calendar check for all of them); the caller sets `petition` and bulk-creates them."""
    codes = {RULE_FOR_CLOCK[kind] for kind in kinds}  # type: ignore[index]
    rows = {row.code: row.as_rule() for row in RuleRow.objects.filter(code__in=codes)}
    calendar = working_calendar()
    return [
        _new_row(
            kind=kind,
            rule=rows.get(RULE_FOR_CLOCK[kind]) or DEFAULT_RULES[RULE_FOR_CLOCK[kind]],  # type: ignore[index]
            calendar=calendar,
            start=start,
        )
        for kind in kinds
    ]


def open_clock(petition: Petition, kind: str) -> PetitionClock | None:
    return petition.clocks.filter(kind=kind, stopped_on__isnull=True).order_by("-round").first()


def clock_stop(*, petition: Petition, kind: str, on: date, superseded: bool = False) -> None:
    """End the open clock of `kind` on `on` and freeze its result. Staff limits are judged on
    time or late; a petitioner's window and a superseded clock get no outcome."""
    row = open_clock(petition, kind)
    if row is None:
        return
    row.stopped_on = on
    if not superseded and kind not in PETITIONER_WINDOWS:
        row.outcome = Outcome.ON_TIME if row.due is None or on <= row.due else Outcome.LATE
    row.save(update_fields=["stopped_on", "outcome"])
    next_due_sync(petition=petition)


def clock_extend_handling(
    *, petition: Petition, days: int, on: date, reason: str, approver: User
) -> PetitionClock:
    row = open_clock(petition, "handling")
    if row is None:
        raise ApplicationError("该事项没有正在计时的办理期限，无需延期。", code="no_open_clock")
    if row.extension_days:
        raise ApplicationError(
            f"办理期限已于 {row.extension_on:%Y年%-m月%-d日} 延长过一次，"
            "按《信访工作条例》第三十四条只能延期一次。如仍无法按期办结，请报告包案领导协调。",
            code="extension_already_used",
        )
    try:
        clock = clock_extend(working_calendar(), _as_clock(row), days)
    except ClockError as exc:
        raise _extension_error(row, days) from exc
    except MissingScheduleError as exc:
        raise missing_year_error(exc) from exc
    fields = _copy_state(row, clock)
    row.extension_on, row.extension_reason, row.extension_approver = on, reason, approver
    row.save(update_fields=[*fields, "extension_on", "extension_reason", "extension_approver"])
    next_due_sync(petition=petition)
    return row


def _extension_error(row: PetitionClock, days: int) -> ApplicationError:
    if row.rule_max_extension is None:
        return ApplicationError(f"“{row.get_kind_display()}”期限不能延长。", code="not_extendable")
    if row.paused_on is not None:
        return ApplicationError("期限暂停期间不能延期，请先恢复计时。", code="clock_paused")
    return ApplicationError(
        f"延长天数应为 1–{row.rule_max_extension} 日（{row.rule_source}），请修改后重试。",
        code="extension_too_long",
        field="days",
    )


def clock_pause_resume(*, petition: Petition, kind: str, on: date, pause: bool) -> PetitionClock:
    row = open_clock(petition, kind)
    if row is None:
        raise ApplicationError("没有可以暂停或恢复的期限。", code="no_open_clock")
    try:
        op = clock_pause if pause else clock_resume
        clock = op(working_calendar(), _as_clock(row), on)
    except ClockError as exc:
        word = "暂停" if pause else "恢复"
        raise ApplicationError(f"该期限当前不能{word}：{exc}", code="clock_state") from exc
    except MissingScheduleError as exc:
        raise missing_year_error(exc) from exc
    row.save(update_fields=_copy_state(row, clock))
    next_due_sync(petition=petition)
    return row
