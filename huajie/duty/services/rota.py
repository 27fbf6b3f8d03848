"""值周: the week of a school's weekly rota and the day's record (值周记录)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time, timedelta

from django.db import transaction
from django.utils import timezone

from huajie.common.errors import ApplicationError
from huajie.common.scoping import require_writable
from huajie.orgs.models import RoleCode, Unit, User

from ..models import DutyEventKind, DutyRole, DutySlot, RotaRecord, ShiftKind, ShiftPattern
from .events import event
from .roster import _who


def week_of(day: date) -> tuple[date, date]:
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


@dataclass
class RotaDay:
    slot: DutySlot
    leaders: list[User] = field(default_factory=list)
    staff: list[User] = field(default_factory=list)
    record: RotaRecord | None = None


def rota_week(*, unit: Unit, day: date) -> list[RotaDay]:
    """The unit's weekly-rota slots of the week containing `day`, with who is on each and the
    day's record. Slots of weekly patterns only (a school's 值周)."""
    first, last = week_of(day)
    labels = {
        shift["label"]
        for pattern in ShiftPattern.objects.filter(unit=unit, kind=ShiftKind.WEEKLY)
        for shift in pattern.shifts
    }
    slots = (
        DutySlot.objects.filter(unit=unit, day__gte=first, day__lte=last, label__in=labels)
        .prefetch_related("assignments__user")
        .order_by("starts_at")
    )
    records = {r.slot_id: r for r in RotaRecord.objects.filter(slot__in=slots)}
    out = []
    for slot in slots:
        row = RotaDay(slot=slot, record=records.get(slot.pk))
        for a in slot.assignments.all():
            (row.leaders if a.role == DutyRole.LEADER else row.staff).append(a.user)
        out.append(row)
    return out


def keeps_rota(unit: Unit | None) -> bool:
    return (
        unit is not None and ShiftPattern.objects.filter(unit=unit, kind=ShiftKind.WEEKLY).exists()
    )


@transaction.atomic
def rota_record_save(
    *,
    slot: DutySlot,
    acting_user: User,
    arrived: time | None = None,
    safety: str = "",
    order: str = "",
    hygiene: str = "",
    problems: str = "",
    actions: str = "",
) -> RotaRecord:
    """Write (or correct) the day's 值周记录: by the day's duty staff or a leader of the unit,
    on the day or after it, never ahead."""
    record = RotaRecord.objects.filter(slot=slot).first() or RotaRecord(
        unit_id=slot.unit_id, slot=slot, day=slot.day, recorded_by=acting_user
    )
    require_writable(acting_user, record)
    on_slot = slot.assignments.filter(user=acting_user).exists()
    if not on_slot and not acting_user.has_role(RoleCode.LEADER, RoleCode.ADMIN):
        raise ApplicationError(
            f"{slot.day.month}月{slot.day.day}日的值周记录由当日值周人员填写，"
            f"您不在当日值周名单中。如需补记，请联系值周领导。",
            code="rota_not_on_duty",
        )
    if slot.day > timezone.localdate():
        raise ApplicationError(
            f"{slot.day.month}月{slot.day.day}日还没到，值周记录请在当天或之后填写。",
            code="rota_ahead",
        )
    texts = {
        "safety": safety.strip(),
        "order": order.strip(),
        "hygiene": hygiene.strip(),
        "problems": problems.strip(),
        "actions": actions.strip(),
    }
    if not any(texts.values()):
        raise ApplicationError(
            "请至少写明一项：安全巡查、纪律与秩序、卫生或发现的问题。", field="safety"
        )
    if texts["problems"] and not texts["actions"]:
        raise ApplicationError(
            "写了发现的问题，请同时写明处理情况（已处理、已报告谁、待谁跟进）。", field="actions"
        )
    new = record.pk is None
    for name, value in texts.items():
        setattr(record, name, value)
    record.arrived = arrived
    record.recorded_by = acting_user
    record.save()
    event(
        kind=DutyEventKind.LOGGED if new else DutyEventKind.UPDATED,
        actor=acting_user,
        roster=slot.roster,
        text=f"{slot.day.month}月{slot.day.day}日值周记录（{_who(acting_user)}）",
    )
    return record
