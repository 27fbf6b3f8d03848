"""Rosters: shift patterns, rotations generating a month's slots against the statutory calendar,
overrides, publication (locked, with editions) and filing with the level above (报备)."""

from __future__ import annotations

import calendar as pycal
from collections.abc import Sequence
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from huajie.common.errors import ApplicationError
from huajie.common.scoping import require_writable
from huajie.notices.services import notice_send
from huajie.orgs.models import RoleCode, Unit, User

from ..models import (
    AssignmentOrigin,
    DutyAssignment,
    DutyEventKind,
    DutyPost,
    DutyRole,
    DutySlot,
    RosterEdition,
    RosterMonth,
    RosterStatus,
    Rotation,
    ShiftKind,
    ShiftPattern,
)
from .calendar import parse_hhmm
from .events import event
from .workflow import ROSTER

STANDARD_SHIFTS: dict[str, list[dict[str, Any]]] = {
    ShiftKind.FULL_DAY: [{"label": "全天", "start": "08:30", "minutes": 1440}],
    ShiftKind.DAY_NIGHT: [
        {"label": "白班", "start": "08:30", "minutes": 600},
        {"label": "夜班", "start": "18:30", "minutes": 840},
    ],
    ShiftKind.WEEKLY: [{"label": "值周", "start": "07:30", "minutes": 600}],
}
WEEKDAYS = "一二三四五六日"


def post_for(unit: Unit) -> DutyPost:
    post, _ = DutyPost.objects.get_or_create(unit=unit, defaults={"duty_phone": unit.phone})
    return post


def month_bounds(month: date) -> tuple[date, date]:
    first = month.replace(day=1)
    return first, first.replace(day=pycal.monthrange(first.year, first.month)[1])


def _check_shifts(kind: str, shifts: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    if not shifts:
        raise ApplicationError("请至少设置一个班次，例如 全天 08:30 起 24 小时。", field="shifts")
    clean: list[dict[str, Any]] = []
    for shift in shifts:
        try:
            start = parse_hhmm(shift["start"])
            minutes = int(shift["minutes"])
        except (KeyError, TypeError, ValueError):
            raise ApplicationError(
                "班次须写明名称、开始时间（如 08:30）和时长（分钟）。", field="shifts"
            ) from None
        if not 60 <= minutes <= 1440:
            raise ApplicationError("一个班次的时长须在 1 至 24 小时之间。", field="shifts")
        clean.append(
            {
                "label": str(shift.get("label") or "值班"),
                "start": start.strftime("%H:%M"),
                "minutes": minutes,
            }
        )
    labels = [s["label"] for s in clean]
    if len(set(labels)) != len(labels):
        raise ApplicationError(
            "同一班次模式中的班次名称不能重复，请改为如“白班”“夜班”。", field="shifts"
        )
    _check_overlap(clean)
    total = sum(int(s["minutes"]) for s in clean)
    if kind in (ShiftKind.FULL_DAY, ShiftKind.DAY_NIGHT) and total != 1440:
        raise ApplicationError(
            "24小时班和白班/夜班的班次须合计 24 小时，不留空档；其他安排请选“自定义”。",
            field="shifts",
        )
    return clean


def _check_overlap(shifts: Sequence[dict[str, Any]]) -> None:
    """Shifts repeat every day, so two of them overlap if they do on any day: a night shift
    running past midnight is compared with the next day's shifts too."""
    spans = []
    for s in shifts:
        start = parse_hhmm(s["start"])
        begin = start.hour * 60 + start.minute
        spans.append((s["label"], begin, begin + int(s["minutes"])))
    for i, (a, a0, a1) in enumerate(spans):
        for b, b0, b1 in spans[i + 1 :]:
            if any(a0 < b1 + d and b0 + d < a1 for d in (-1440, 0, 1440)):
                raise ApplicationError(
                    f"班次“{a}”和“{b}”时间重叠，请调整开始时间或时长。", field="shifts"
                )


@transaction.atomic
def pattern_create(
    *,
    unit: Unit,
    name: str,
    kind: str,
    shifts: Sequence[dict[str, Any]] | None = None,
    acting_user: User,
) -> ShiftPattern:
    pattern = ShiftPattern(unit=unit, name=name, kind=kind)
    require_writable(acting_user, pattern)
    pattern.shifts = _check_shifts(
        kind, shifts if shifts is not None else STANDARD_SHIFTS.get(kind, [])
    )
    pattern.save()
    return pattern


@transaction.atomic
def rotation_create(
    *,
    unit: Unit,
    name: str,
    pattern: ShiftPattern,
    role: str,
    members: Sequence[User],
    anchor: date,
    step_by_day: bool = True,
    acting_user: User,
) -> Rotation:
    rotation = Rotation(
        unit=unit, name=name, pattern=pattern, role=role, anchor=anchor, step_by_day=step_by_day
    )
    require_writable(acting_user, rotation)
    if not members:
        raise ApplicationError("请至少选择一名轮值人员。", field="members")
    home = unit.parent or unit
    outside = [m for m in members if m.unit is None or not m.unit.is_within(home)]
    if outside:
        raise ApplicationError(
            f"{outside[0]} 不是本单位（或上级单位）人员，不能排入本单位值班。", field="members"
        )
    rotation.members = [m.pk for m in members]
    rotation.save()
    return rotation


def roster_month_get(*, unit: Unit, month: date) -> RosterMonth:
    roster, _ = RosterMonth.objects.get_or_create(unit=unit, month=month.replace(day=1))
    return roster


def require_draft(roster: RosterMonth) -> None:
    if roster.status != RosterStatus.DRAFT:
        raise ApplicationError(
            f"{roster} 已发布并锁定（第 {roster.edition} 版）。"
            "如需调整，请先点击“修订”，改好后重新发布。",
            code="roster_locked",
        )


def _who(user: User) -> str:
    return user.full_name or user.get_username()


def _when(slot: DutySlot) -> str:
    start = timezone.localtime(slot.starts_at)
    end = timezone.localtime(slot.ends_at)
    nxt = "次日" if end.date() > start.date() else ""
    return f"{start.month}月{start.day}日 {slot.label} {start:%H:%M}–{nxt}{end:%H:%M}"


def check_free(*, user: User, slot: DutySlot, ignore: DutyAssignment | None = None) -> None:
    """Refuse a second slot for one person at overlapping times."""
    clash = (
        DutyAssignment.objects.filter(
            user=user, slot__starts_at__lt=slot.ends_at, slot__ends_at__gt=slot.starts_at
        )
        .exclude(slot=slot)
        .select_related("slot", "slot__unit")
    )
    if ignore is not None:
        clash = clash.exclude(pk=ignore.pk)
    other = clash.first()
    if other is not None:
        raise ApplicationError(
            f"{_who(user)} 在 {_when(other.slot)} 已安排值班（{other.slot.unit}），"
            "同一人不能同时值两个时间重叠的班，请另选人员。",
            code="slot_overlap",
        )


@transaction.atomic
def slot_assign(*, slot: DutySlot, user: User, role: str, acting_user: User) -> DutyAssignment:
    """An override: put `user` on `slot` in `role` (a leader replaces the slot's leader)."""
    require_writable(acting_user, slot)
    slot.roster = RosterMonth.objects.select_for_update().get(pk=slot.roster_id)
    require_draft(slot.roster)
    if slot.assignments.filter(user=user).exists():
        raise ApplicationError(
            f"{_who(user)} 已在 {_when(slot)} 值班，无需重复安排。", code="slot_duplicate"
        )
    check_free(user=user, slot=slot)
    replaced = ""
    if role == DutyRole.LEADER:
        old = slot.assignments.filter(role=DutyRole.LEADER).select_related("user").first()
        if old is not None:
            replaced = _who(old.user)
            old.delete()
    assignment = DutyAssignment.objects.create(
        slot=slot, user=user, role=role, origin=AssignmentOrigin.OVERRIDE
    )
    label = DutyRole(role).label
    text = f"{_when(slot)} {label}：{replaced + ' → ' if replaced else ''}{_who(user)}"
    event(
        kind=DutyEventKind.OVERRIDE,
        actor=acting_user,
        roster=slot.roster,
        text=text,
        changes={"slot": slot.pk, "user": user.pk, "role": role},
    )
    return assignment


@transaction.atomic
def slot_unassign(*, assignment: DutyAssignment, acting_user: User) -> None:
    slot = assignment.slot
    require_writable(acting_user, slot)
    slot.roster = RosterMonth.objects.select_for_update().get(pk=slot.roster_id)
    require_draft(slot.roster)
    text = f"{_when(slot)} 撤下{DutyRole(assignment.role).label} {_who(assignment.user)}"
    assignment.delete()
    event(
        kind=DutyEventKind.OVERRIDE,
        actor=acting_user,
        roster=slot.roster,
        text=text,
        changes={"slot": slot.pk},
    )


def roster_rows(roster: RosterMonth) -> list[dict[str, Any]]:
    """The filed table's rows: 日期 | 星期 | 带班领导 | 值班人员 | 电话."""
    slots = (
        DutySlot.objects.filter(roster=roster)
        .prefetch_related("assignments__user")
        .order_by("starts_at")
    )
    rows = []
    for slot in slots:
        leaders = [a.user for a in slot.assignments.all() if a.role == DutyRole.LEADER]
        officers = [a.user for a in slot.assignments.all() if a.role == DutyRole.OFFICER]
        rows.append(
            {
                "slot": slot.pk,
                "day": slot.day.isoformat(),
                "weekday": f"星期{WEEKDAYS[slot.day.weekday()]}",
                "shift": slot.label,
                "day_kind": slot.day_kind,
                "leader": "、".join(_who(u) for u in leaders),
                "officers": "、".join(_who(u) for u in officers),
                "phones": "、".join(u.phone for u in [*leaders, *officers] if u.phone),
                "gap": slot_gap(slot, leaders=len(leaders), officers=len(officers)),
            }
        )
    return rows


def slot_gap(slot: DutySlot, *, leaders: int, officers: int) -> str:
    """Why a slot is a gap ("" when it is not)."""
    missing = []
    if slot.leader_required and leaders == 0:
        missing.append("缺带班领导")
    if officers < slot.officers_required:
        missing.append(f"缺值班人员{slot.officers_required - officers}名")
    return "、".join(missing)


@transaction.atomic
def roster_publish(
    *, roster: RosterMonth, acting_user: User, note: str = "", expected_version: int | None = None
) -> RosterMonth:
    """Publish and lock the month, keep the edition, and file it with the level above (报备).
    Refused while a slot lacks a leader in a unit that requires one."""
    rows = roster_rows(roster)
    if not rows:
        raise ApplicationError(
            "值班表还没有任何班次，请先按轮值规则生成排班。", code="roster_empty"
        )
    no_leader = [r for r in rows if "缺带班领导" in r["gap"]]
    if no_leader:
        r = no_leader[0]
        raise ApplicationError(
            f"{r['day']} {r['shift']} 没有带班领导，本单位要求每班都有领导带班。"
            f"请先安排带班领导（共 {len(no_leader)} 个班次）后再发布。",
            code="slot_without_leader",
        )
    now = timezone.now()
    edition = roster.edition + 1
    parent = roster.unit.parent
    ROSTER.transition(
        record=roster,
        action="publish",
        acting_user=acting_user,
        expected_version=expected_version,
        on=timezone.localdate(),
        fields={
            "edition": edition,
            "published_at": now,
            "filed_to": parent,
            "filed_at": now if parent else None,
        },
        text=f"第 {edition} 版{'：' + note if note else ''}",
    )
    RosterEdition.objects.create(
        roster=roster,
        edition=edition,
        published_at=now,
        published_by=acting_user,
        rows=rows,
        note=note,
    )
    if parent is not None:
        event(kind=DutyEventKind.FILED, actor=acting_user, roster=roster, text=f"报备至 {parent}")
        gaps = sum(1 for r in rows if r["gap"])
        notice_send(
            recipients=User.objects.filter(
                unit=parent,
                is_active=True,
                roles__code__in=[RoleCode.DUTY_OFFICER, RoleCode.LEADER],
            ).distinct(),
            message=f"{roster.unit} 报备了 {roster.month.year}年{roster.month.month}月值班表"
            f"（第 {edition} 版）" + (f"，有 {gaps} 个班次缺人" if gaps else ""),
            target=roster,
            url=f"/duty/rosters/{roster.pk}/",
            actor=acting_user,
            channels=(),
        )
    return roster


@transaction.atomic
def roster_revise(
    *, roster: RosterMonth, reason: str, acting_user: User, expected_version: int | None = None
) -> RosterMonth:
    if not reason.strip():
        raise ApplicationError(
            "请写明修订原因，例如“张三临时出差，调整 12 月 8 日带班领导”。", field="reason"
        )
    return ROSTER.transition(
        record=roster,
        action="revise",
        acting_user=acting_user,
        expected_version=expected_version,
        on=timezone.localdate(),
        text=reason.strip(),
    )
