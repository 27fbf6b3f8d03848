"""Daily reports (信息报送): schedules from deadlines' CutoffRule/CutoffPlan, filing (零报告 is a
report), lateness fixed at filing, special periods and leave from post."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from huajie.common.errors import ApplicationError, PermissionDenied
from huajie.common.scoping import require_writable
from huajie.deadlines import (
    CutoffDays,
    CutoffLayer,
    CutoffPlan,
    CutoffRule,
    MissingScheduleError,
    cutoff_for_report,
    minutes_late,
)
from huajie.notices.services import notice_send
from huajie.orgs.holidays import working_calendar
from huajie.orgs.models import Unit, User

from ..models import DailyReport, ReportDays, ReportDefinition, ReportKind, SpecialPeriod
from .calendar import ancestor_ids, parse_hhmm

ZERO_TEXT = "今日无情况"


def _times(texts: Sequence[str], field: str) -> tuple:
    try:
        times = tuple(sorted({parse_hhmm(t) for t in texts}))
    except (TypeError, ValueError):
        raise ApplicationError("报送时间请写成 17:00 或 09:30、17:30。", field=field) from None
    if not times or any(t.second for t in times):
        raise ApplicationError("请至少写一个报送截止时间，例如 17:00。", field=field)
    return times


def rule_for_definition(definition: ReportDefinition) -> CutoffRule:
    return CutoffRule(
        code=f"duty.report.{definition.pk}",
        times=_times(definition.times, "times"),
        days=CutoffDays(definition.days),
        source=definition.source or definition.name,
    )


def rule_for_period(period: SpecialPeriod) -> CutoffRule:
    return CutoffRule(
        code=f"duty.period.{period.pk}",
        times=_times(period.report_times, "report_times"),
        days=CutoffDays(period.report_days),
        source=period.name,
    )


def plan_for(definition: ReportDefinition, periods: Sequence[SpecialPeriod]) -> CutoffPlan:
    """The definition's rule with each special period that changes the report times laid over
    its dates (a later-starting period wins where two overlap)."""
    layers = tuple(
        CutoffLayer(p.starts_on, p.ends_on, rule_for_period(p))
        for p in sorted(periods, key=lambda p: (p.starts_on, p.pk))
        if p.report_times
    )
    return CutoffPlan(rule_for_definition(definition), layers)


def periods_for(unit: Unit, periods: Sequence[SpecialPeriod]) -> list[SpecialPeriod]:
    ids = set(ancestor_ids(unit))
    return [p for p in periods if p.unit_id in ids]


def unit_plan(definition: ReportDefinition, unit: Unit) -> CutoffPlan:
    periods = SpecialPeriod.objects.filter(unit_id__in=ancestor_ids(unit))
    return plan_for(definition, list(periods))


def _check_units(unit: Unit, units: Sequence[Unit]) -> None:
    if not units:
        raise ApplicationError("请至少选择一个报送单位。", field="units")
    outside = [u for u in units if not u.is_within(unit)]
    if outside:
        raise ApplicationError(
            f"{outside[0]} 不在 {unit} 的管辖范围内，不能要求其报送。", field="units"
        )


def _clean_times(times: Sequence[str], field: str) -> list[str]:
    return [t.strftime("%H:%M") for t in _times(times, field)]


@transaction.atomic
def definition_create(
    *,
    unit: Unit,
    name: str,
    times: Sequence[str],
    days: str,
    units: Sequence[Unit],
    source: str = "",
    starts_on: date | None = None,
    acting_user: User,
) -> ReportDefinition:
    definition = ReportDefinition(
        unit=unit,
        name=name.strip(),
        times=_clean_times(times, "times"),
        days=days,
        source=source.strip(),
        starts_on=starts_on,
    )
    require_writable(acting_user, definition)
    if not definition.name:
        raise ApplicationError("请写明报送要求的名称，例如“每日信息报送”。", field="name")
    _check_units(unit, units)
    definition.save()
    definition.units.set(units)
    return definition


@transaction.atomic
def definition_update(
    *,
    definition: ReportDefinition,
    name: str,
    times: Sequence[str],
    days: str,
    units: Sequence[Unit],
    source: str = "",
    starts_on: date | None = None,
    is_active: bool = True,
    acting_user: User,
) -> ReportDefinition:
    """Edit a report definition. Once units have filed against it, its cut-offs (times, days,
    start) are facts the matrix is computed from: changing them is refused, with what to do."""
    require_writable(acting_user, definition)
    clean = _clean_times(times, "times")
    schedule_changed = (clean, days, starts_on) != (
        definition.times,
        definition.days,
        definition.starts_on,
    )
    if schedule_changed and DailyReport.objects.filter(definition=definition).exists():
        raise ApplicationError(
            f"《{definition.name}》已有报送记录，不能再改截止时间、报送日或起报日期。"
            "如需调整，请停用本要求，另建一个自新日期起报送的要求。",
            code="definition_has_reports",
            field="times",
        )
    if not name.strip():
        raise ApplicationError("请写明报送要求的名称，例如“每日信息报送”。", field="name")
    _check_units(definition.unit, units)
    definition.name, definition.times, definition.days = name.strip(), clean, days
    definition.source, definition.starts_on = source.strip(), starts_on
    definition.is_active = is_active
    definition.save()
    definition.units.set(units)
    return definition


def _period_values(
    *,
    name: str,
    starts_on: date,
    ends_on: date,
    report_times: Sequence[str],
    leader: User | None,
    unit: Unit,
) -> tuple[str, list[str]]:
    if not name.strip():
        raise ApplicationError("请写明特护期名称，例如“春节及全国两会特护期”。", field="name")
    if ends_on < starts_on:
        raise ApplicationError("特护期的结束日期早于开始日期，请核对。", field="ends_on")
    if leader is not None and (leader.unit is None or not unit.is_within(leader.unit)):
        raise ApplicationError(
            f"{leader} 不是 {unit} 或其上级单位的人员，不能审批本单位的离岗申请，请另选组长。",
            field="leader",
        )
    return name.strip(), _clean_times(report_times, "report_times") if report_times else []


@transaction.atomic
def period_create(
    *,
    unit: Unit,
    name: str,
    starts_on: date,
    ends_on: date,
    report_times: Sequence[str] = (),
    report_days: str = ReportDays.EVERY_DAY,
    officers_per_slot: int = 2,
    leave_needs_approval: bool = True,
    leader: User | None = None,
    notes: str = "",
    acting_user: User,
) -> SpecialPeriod:
    clean_name, times = _period_values(
        name=name,
        starts_on=starts_on,
        ends_on=ends_on,
        report_times=report_times,
        leader=leader,
        unit=unit,
    )
    period = SpecialPeriod(
        unit=unit,
        name=clean_name,
        starts_on=starts_on,
        ends_on=ends_on,
        report_times=times,
        report_days=report_days,
        officers_per_slot=officers_per_slot,
        leave_needs_approval=leave_needs_approval,
        leader=leader,
        notes=notes.strip(),
    )
    require_writable(acting_user, period)
    period.save()
    return period


@transaction.atomic
def period_update(
    *,
    period: SpecialPeriod,
    name: str,
    starts_on: date,
    ends_on: date,
    report_times: Sequence[str] = (),
    report_days: str = ReportDays.EVERY_DAY,
    officers_per_slot: int = 2,
    leave_needs_approval: bool = True,
    leader: User | None = None,
    notes: str = "",
    acting_user: User,
) -> SpecialPeriod:
    """Edit a special period. Reports already filed under its schedule keep it: its report
    times, days and start cannot change then, nor its end move before the last of them."""
    require_writable(acting_user, period)
    clean_name, times = _period_values(
        name=name,
        starts_on=starts_on,
        ends_on=ends_on,
        report_times=report_times,
        leader=leader,
        unit=period.unit,
    )
    filed = DailyReport.objects.filter(rule_code=f"duty.period.{period.pk}")
    last = filed.order_by("-day").values_list("day", flat=True).first()
    if last is not None:
        if (times, report_days, starts_on) != (
            period.report_times,
            period.report_days,
            period.starts_on,
        ):
            raise ApplicationError(
                f"“{period.name}”期间已按其报送时间报送了信息，不能再改报送时间、报送日或开始日期。"
                "可以修改结束日期和其他要求；如要求有变，请另设一个新的特护期。",
                code="period_has_reports",
                field="report_times",
            )
        if ends_on < last:
            raise ApplicationError(
                f"{_day_text(last)}已按本特护期报送，结束日期不能早于这一天。", field="ends_on"
            )
    period.name, period.starts_on, period.ends_on = clean_name, starts_on, ends_on
    period.report_times, period.report_days = times, report_days
    period.officers_per_slot, period.leave_needs_approval = officers_per_slot, leave_needs_approval
    period.leader, period.notes = leader, notes.strip()
    period.save()
    return period


def _day_text(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


@transaction.atomic
def report_file(
    *,
    definition: ReportDefinition,
    unit: Unit,
    kind: str,
    content: str = "",
    acting_user: User,
    filed_at: datetime | None = None,
    day: date | None = None,
) -> DailyReport:
    """File `unit`'s report (or 零报告) for the cut-off it answers. Refused for another unit,
    a unit the report does not ask, a day without a cut-off, or a cut-off already answered."""
    if not acting_user.is_superuser and acting_user.unit_id != unit.pk:
        raise PermissionDenied(
            f"您只能为本单位（{acting_user.unit}）报送信息，不能替 {unit} 报送。"
            "请由该单位值班人员报送。"
        )
    report = DailyReport(definition=definition, unit=unit, kind=kind, filed_by=acting_user)
    require_writable(acting_user, report)
    if not definition.is_active or not definition.units.filter(pk=unit.pk).exists():
        raise ApplicationError(
            f"{unit} 不在《{definition.name}》的报送单位之列，无需报送。", code="report_not_asked"
        )
    filed_at = filed_at or timezone.now()
    try:
        cutoff = cutoff_for_report(
            working_calendar(), unit_plan(definition, unit), filed_at, day=day
        )
    except MissingScheduleError as exc:
        raise ApplicationError(
            f"{exc.year} 年的节假日安排尚未录入，无法判断报送时间。请联系管理员录入后再报送。"
        ) from exc
    the_day = day or timezone.localtime(filed_at).date()
    if definition.starts_on and the_day < definition.starts_on:
        raise ApplicationError(
            f"《{definition.name}》自{_day_text(definition.starts_on)}起报送，"
            f"{_day_text(the_day)}无需报送。",
            code="report_outside_schedule",
        )
    if cutoff is None:
        raise ApplicationError(
            f"{_day_text(the_day)}不是《{definition.name}》的报送日（只在工作日报送），无需报送。"
            "如有紧急情况，请直接电话报告上级值班室。",
            code="report_outside_schedule",
        )
    if filed_at < cutoff.at and (cutoff.at - filed_at).days >= 1:
        raise ApplicationError(
            f"还不能报送{_day_text(the_day)}的信息，请在当天报送。", code="report_outside_schedule"
        )
    taken = DailyReport.objects.filter(
        definition=definition, unit=unit, cutoff_at=cutoff.at
    ).first()
    if taken is not None:
        raise ApplicationError(
            f"本单位已于 {timezone.localtime(taken.filed_at):%H:%M} 报送了{_day_text(the_day)} "
            f"{timezone.localtime(cutoff.at):%H:%M} 的《{definition.name}》。"
            "如有新情况，请在下一次报送中报告。",
            code="report_duplicate",
        )
    if kind == ReportKind.REPORT and not content.strip():
        raise ApplicationError("请写明报送内容；如今日无情况，请选择“零报告”。", field="content")
    report.day = cutoff.day
    report.cutoff_at = cutoff.at
    report.rule_code = cutoff.rule_code
    report.content = content.strip() or (ZERO_TEXT if kind == ReportKind.ZERO else "")
    report.filed_at = filed_at
    report.minutes_late = minutes_late(cutoff.at, filed_at) if filed_at > cutoff.at else 0
    report.save()
    if report.minutes_late:
        notice_send(
            recipients=User.objects.filter(
                unit=definition.unit, roles__code="duty_officer", is_active=True
            ).distinct(),
            message=f"{unit} 迟报《{definition.name}》{report.minutes_late} 分钟"
            f"（截止 {timezone.localtime(cutoff.at):%m-%d %H:%M}）",
            target=report,
            url="/duty/reports/matrix/",
            actor=acting_user,
            channels=(),
        )
    return report
