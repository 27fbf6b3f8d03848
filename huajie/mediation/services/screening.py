"""Screening (排查) and the monthly analysis meeting (研判例会).

A unit's schedule cuts time into periods of `every_days` from `starts_on`; each period expects one
report, due on the period's last day. A report lists the disputes found or says none was found —
a valid report too. A period whose last day has passed with no report is *missing*; a report
filed after its period is *late*; both are computed, never stored, and visible to the town."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from huajie.common.errors import ApplicationError, PermissionDenied
from huajie.orgs.models import Unit, UnitKind, User

from ..models import AnalysisMeeting, Dispute, ScreeningRound, ScreeningSchedule
from ..oversight import overseen_by
from ..rules import MEDIATION_ROLES, within
from ..selectors import meetings_for_user
from .workflow import check_day, required_text

DEFAULT_EVERY = {UnitKind.VILLAGE: 7, UnitKind.TOWN: 14, UnitKind.MEDIATION: 14}


def default_every(unit: Unit) -> int:
    """The plan: village committees weekly, the town's centre every two weeks."""
    return DEFAULT_EVERY.get(unit.kind, 14)  # type: ignore[call-overload]


@dataclass(frozen=True)
class Period:
    start: date
    end: date


def period_of(schedule: ScreeningSchedule, day: date) -> Period | None:
    if day < schedule.starts_on:
        return None
    n = (day - schedule.starts_on).days // schedule.every_days
    start = schedule.starts_on + timedelta(days=n * schedule.every_days)
    return Period(start, start + timedelta(days=schedule.every_days - 1))


def periods_until(schedule: ScreeningSchedule, today: date, *, last: int = 8) -> list[Period]:
    """The latest `last` periods up to the one containing today, oldest first."""
    current = period_of(schedule, today)
    if current is None:
        return []
    found: list[Period] = []
    start = current.start
    while start >= schedule.starts_on and len(found) < last:
        found.append(Period(start, start + timedelta(days=schedule.every_days - 1)))
        start -= timedelta(days=schedule.every_days)
    return list(reversed(found))


def may_report(user: User, unit: Unit) -> bool:
    """Reports are filed by the unit's own mediators or leaders, or by those of a unit above."""
    return user.is_superuser or (
        user.is_active and bool(MEDIATION_ROLES & user.role_codes) and within(unit, user.unit)
    )


@transaction.atomic
def screening_report(
    *,
    unit: Unit,
    acting_user: User,
    period_start: date | None,
    none_found: bool,
    findings: str = "",
    disputes: Iterable[Dispute] = (),
    reported_on: date | None = None,
) -> ScreeningRound:
    """File one round's report for `unit` (the user's own unit or one below it)."""
    if not may_report(acting_user, unit):
        raise PermissionDenied(
            f"您不能替{unit.name}报告排查情况：排查报告只能由本单位（或上级）的调解员填报。"
        )
    schedule = ScreeningSchedule.objects.filter(unit=unit, active=True).first()
    if schedule is None:
        raise ApplicationError(
            f"{unit.name}还没有排查计划。请管理员在“排查计划”中设置周期后再报告。",
            code="no_schedule",
        )
    day = check_day(reported_on or timezone.localdate(), field="reported_on")
    period = period_of(schedule, period_start or day)
    if period is None or (period_start is not None and period.start != period_start):
        raise ApplicationError(
            "所选排查周期不在本单位的排查计划内，请从列表中选择周期。", field="period_start"
        )
    if period.start > day:
        raise ApplicationError("该排查周期尚未开始，不能提前报告。", field="period_start")
    chosen = list(disputes)
    findings = (findings or "").strip()
    if none_found and (chosen or findings):
        raise ApplicationError(
            "已勾选“未发现矛盾纠纷”，就不要再填写排查发现的纠纷；请二选一。", field="none_found"
        )
    if not none_found and not (chosen or findings):
        raise ApplicationError(
            "请填写本轮排查发现的纠纷，或勾选“未发现矛盾纠纷”（零报告也要报）。",
            code="findings_required",
            field="findings",
        )
    foreign = [d for d in chosen if not within(d.unit, unit) and not within(d.origin_unit, unit)]
    if foreign:
        raise ApplicationError(
            f"纠纷 {foreign[0].reg_no} 不属于{unit.name}，不能列入本单位的排查报告。",
            field="disputes",
        )
    if ScreeningRound.objects.filter(unit=unit, period_start=period.start).exists():
        raise ApplicationError(
            f"{unit.name}{period.start:%-m月%-d日}–{period.end:%-m月%-d日}的排查报告已经报过了。",
            code="round_exists",
        )
    report = ScreeningRound.objects.create(
        unit=unit, period_start=period.start, period_end=period.end, reported_on=day,
        reported_by=acting_user, none_found=none_found, findings=findings,
    )  # fmt: skip
    if chosen:
        report.disputes.set(chosen)
    return report


@dataclass(frozen=True)
class PeriodState:
    period: Period
    report: ScreeningRound | None
    state: str  # on_time, late, missing, open

    @property
    def label(self) -> str:
        return {"on_time": "按时报告", "late": "迟报", "missing": "未报", "open": "本期进行中"}[
            self.state
        ]


@dataclass(frozen=True)
class UnitScreening:
    unit: Unit
    schedule: ScreeningSchedule
    periods: list[PeriodState]

    @property
    def missing(self) -> int:
        return sum(1 for p in self.periods if p.state == "missing")

    @property
    def late(self) -> int:
        return sum(1 for p in self.periods if p.state == "late")

    @property
    def current(self) -> PeriodState | None:
        return self.periods[-1] if self.periods else None

    @property
    def last_closed(self) -> PeriodState | None:
        """The latest period whose last day has passed (the one the town chases); the last of
        `periods` is always the current one."""
        return self.periods[-2] if len(self.periods) > 1 else None


def screening_overview(*, user: User, today: date, last: int = 6) -> list[UnitScreening]:
    """Every scheduled unit the user oversees (`overseen_by`), with its latest periods and
    their state; read-only for the units the user may not report for."""
    if user.unit is None and not user.is_superuser:
        return []
    schedules = ScreeningSchedule.objects.filter(active=True).select_related("unit")
    if not user.is_superuser:
        assert user.unit is not None  # noqa: S101
        schedules = schedules.filter(unit__path__startswith=overseen_by(user.unit).path)
    schedules = schedules.order_by("unit__path")
    units = [s.unit_id for s in schedules]
    reports: dict[tuple[int, date], ScreeningRound] = {
        (r.unit_id, r.period_start): r
        for r in ScreeningRound.objects.filter(unit_id__in=units).prefetch_related("disputes")
    }
    found = []
    for schedule in schedules:
        states = []
        for period in periods_until(schedule, today, last=last):
            report = reports.get((schedule.unit_id, period.start))
            if report is not None:
                state = "late" if report.reported_on > period.end else "on_time"
            else:
                state = "open" if period.end >= today else "missing"
            states.append(PeriodState(period, report, state))
        found.append(UnitScreening(schedule.unit, schedule, states))
    return found


@dataclass(frozen=True)
class MonthMeeting:
    month: date  # the first day of the month
    meetings: list[AnalysisMeeting]
    current: bool

    @property
    def state(self) -> str:
        return "held" if self.meetings else "open" if self.current else "missing"

    @property
    def label(self) -> str:
        return {"held": "已召开", "open": "本月尚未召开", "missing": "未召开"}[self.state]


def _month_back(month: date, n: int) -> date:
    index = month.year * 12 + month.month - 1 - n
    return date(index // 12, index % 12 + 1, 1)


def meeting_months(
    *, user: User, today: date, last: int = 6, since: date | None = None
) -> list[MonthMeeting]:
    """The monthly analysis meeting (研判例会) of the last `last` months in what the user
    oversees, newest first: held (with its records), missing, or this month's still open.
    Months before `since` (when screening began) are not asked for."""
    if user.unit is None and not user.is_superuser:
        return []
    this = today.replace(day=1)
    first = _month_back(this, last - 1)
    rows = meetings_for_user(user=user).filter(held_on__gte=first)
    by_month: dict[date, list[AnalysisMeeting]] = {}
    for m in rows.order_by("held_on", "id"):
        by_month.setdefault(m.held_on.replace(day=1), []).append(m)
    months = [_month_back(this, n) for n in range(last)]
    if since is not None:
        months = [m for m in months if m >= since.replace(day=1)] or [this]
    return [MonthMeeting(m, by_month.get(m, []), m == this) for m in months]


def next_round_for(*, user: User, today: date) -> PeriodState | None:
    """The user's own unit's current period (the home card's "next screening round")."""
    if user.unit is None:
        return None
    schedule = ScreeningSchedule.objects.filter(unit=user.unit, active=True).first()
    if schedule is None:
        return None
    period = period_of(schedule, today)
    if period is None:
        return None
    report = ScreeningRound.objects.filter(unit=user.unit, period_start=period.start).first()
    return PeriodState(period, report, "on_time" if report else "open")


@transaction.atomic
def meeting_record(
    *,
    unit: Unit,
    acting_user: User,
    held_on: date | None,
    chair: str,
    attendees: str,
    discussion: str,
    decisions: str,
    disputes: Iterable[Dispute] = (),
) -> AnalysisMeeting:
    """研判例会 minutes: date, chair, attendees, disputes discussed, decisions."""
    if not may_report(acting_user, unit):
        raise PermissionDenied(f"您不能替{unit.name}记录研判例会。")
    if held_on is None:
        raise ApplicationError("请填写会议日期。", code="date_required", field="held_on")
    check_day(held_on, field="held_on")
    meeting = AnalysisMeeting.objects.create(
        unit=unit, held_on=held_on, recorded_by=acting_user,
        chair=required_text(chair, "请填写主持人（分管领导）。", "chair"),
        attendees=required_text(attendees, "请填写参会人员。", "attendees"),
        discussion=required_text(discussion, "请填写研判情况。", "discussion"),
        decisions=required_text(decisions, "请填写议定事项（谁、做什么、何时完成）。", "decisions"),
    )  # fmt: skip
    chosen = list(disputes)
    if chosen:
        meeting.disputes.set(chosen)
    return meeting
