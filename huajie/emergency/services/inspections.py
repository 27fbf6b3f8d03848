"""Inspections of key places (隐患排查): the plans that schedule them (排查计划: what, where, how
often, by whom), an inspection recorded against its plan's period or as a one-off check, each
failed item a hazard with its rectification deadline, and the daily reminder of inspections due
or missed."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from huajie.common.errors import ApplicationError, PermissionDenied
from huajie.orgs.models import User

from .. import rules
from ..models import Frequency, Inspection, InspectionPlan, KeyPlace
from ..periods import period_of
from .common import required_text
from .hazards import HazardInput, hazard_create


@dataclass(frozen=True)
class InspectionPlanInput:
    place: KeyPlace
    name: str
    checklist: str
    frequency: str
    starts_on: date
    inspector: User
    rectify_days: int = 15
    is_active: bool = True


@transaction.atomic
def inspection_plan_save(
    *, data: InspectionPlanInput, acting_user: User, plan: InspectionPlan | None = None
) -> InspectionPlan:
    """A regular check of a key place, kept by the place's unit."""
    if not rules.may_inspect(acting_user, data.place.unit):
        raise PermissionDenied("只有重点场所责任单位的应急指挥、领导或值班人员可以制定排查计划。")
    required_text(data.name, "请填写排查内容，例如“消防通道和安全出口”。", "name")
    required_text(data.checklist, "请填写检查项目，每行一项。", "checklist")
    if data.frequency not in Frequency.values:
        raise ApplicationError("请选择排查周期（每周、每月、每季度、每半年或每年）。",
                               code="frequency", field="frequency")  # fmt: skip
    if not 1 <= data.rectify_days <= 365:
        raise ApplicationError("一般隐患整改期限应在1至365日之间。", code="rectify_days",
                               field="rectify_days")  # fmt: skip
    inspector_unit = data.inspector.unit
    if inspector_unit is None or not inspector_unit.is_within(data.place.unit):
        raise ApplicationError("排查责任人须是场所责任单位（或其下级单位）的人员。",
                               code="inspector_unit", field="inspector")  # fmt: skip
    plan = plan or InspectionPlan(created_by=acting_user)
    plan.unit = data.place.unit
    for name in ("place", "name", "checklist", "frequency", "starts_on", "inspector",
                 "rectify_days", "is_active"):  # fmt: skip
        setattr(plan, name, getattr(data, name))
    plan.name, plan.checklist = data.name.strip(), data.checklist.strip()
    plan.save()
    return plan


@transaction.atomic
def inspection_record(
    *, place: KeyPlace, inspected_on: date, results: Mapping[str, bool],
    failures: Mapping[str, HazardInput], note: str, acting_user: User,
    plan: InspectionPlan | None = None,
) -> Inspection:  # fmt: skip
    """An inspection: each checklist item (the plan's, or the place's for a one-off check)
    passed or failed; each failure becomes a hazard. Against a plan it is that period's
    inspection — one per period."""
    if not rules.may_inspect(acting_user, place.unit):
        raise PermissionDenied("只有责任单位的工作人员可以登记隐患排查。")
    if plan is not None and plan.place_id != place.pk:
        raise ApplicationError("排查计划与重点场所不符，请从排查计划页面登记。", code="plan_place")
    today = timezone.localdate()
    if inspected_on > today:
        raise ApplicationError(
            "检查日期不能晚于今天。", code="date_in_future", field="inspected_on"
        )
    items = plan.items if plan is not None else place.items
    missing = [item for item in items if item not in results]
    if missing:
        raise ApplicationError(
            f"请逐项填写检查结果：{'、'.join(missing)}。", code="results_missing"
        )
    failed = [item for item, ok in results.items() if not ok]
    without = [item for item in failed if item not in failures]
    if without:
        raise ApplicationError(
            f"不合格项须登记隐患（情况、等级、整改期限、责任人）：{'、'.join(without)}。",
            code="failure_without_hazard",
        )
    period = period_of(plan.frequency, inspected_on)[0] if plan is not None else None
    if plan is not None and plan.starts_on > inspected_on:
        raise ApplicationError(f"该排查计划自{plan.starts_on:%Y年%-m月%-d日}起执行。",
                               code="plan_not_started")  # fmt: skip
    try:
        with transaction.atomic():
            inspection = Inspection.objects.create(
                place=place, plan=plan, period_start=period, inspected_on=inspected_on,
                inspector=acting_user, note=note,
                results=[{"item": i, "passed": bool(ok)} for i, ok in results.items()],
            )  # fmt: skip
    except IntegrityError as exc:
        raise ApplicationError(
            "本周期已登记过这项排查。如需再次检查，请在重点场所下登记专项检查。",
            code="period_done",
        ) from exc
    for item in failed:
        hazard_create(place=place, data=failures[item], acting_user=acting_user,
                      inspection=inspection)  # fmt: skip
    return inspection


def inspections_remind(*, today: date | None = None) -> int:
    """The daily reminder to each plan's inspector: this period's inspection not yet recorded
    with three days or fewer left, or the last period missed (漏检)."""
    from huajie.notices.services import DigestItem, daily_key, notice_digest

    from ..selectors import inspection_schedule

    today = today or timezone.localdate()
    by_person: dict[int, tuple[User, list[DigestItem]]] = {}
    plans = InspectionPlan.objects.filter(is_active=True).select_related("place", "inspector")
    for row in inspection_schedule(plans=plans, today=today):
        if not (row.missed_last or (not row.done and row.days_left <= 3)):
            continue
        text = (
            f"{row.plan.place} {row.plan.name}："
            + ("上一周期漏检，" if row.missed_last else "")
            + ("本周期已排查" if row.done else f"本周期请于{row.ends:%m月%d日}前排查")
        )
        url = reverse("emergency:plan_inspect", args=[row.plan.pk])
        person = row.plan.inspector
        by_person.setdefault(person.pk, (person, []))[1].append(DigestItem(text, url))
    sent = 0
    for person, items in by_person.values():
        if notice_digest(
            recipient=person, title=f"隐患排查提醒 {len(items)} 项",
            items=items, url=reverse("emergency:inspections"),
            dedupe_key=daily_key("emergency.inspections_due", today),
        ):  # fmt: skip
            sent += 1
    return sent
