"""Handover (交接班), swaps (换班), leave (请假/离岗), spot checks (查岗) and leader reception days
(领导接访)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from huajie.common import intake
from huajie.common.errors import ApplicationError
from huajie.common.publish import PublicReception
from huajie.common.scoping import get_visible, require_writable
from huajie.notices.services import notice_send
from huajie.orgs.models import Unit, User

from ..models import (
    AssignmentOrigin,
    DutyAssignment,
    DutyEventKind,
    DutyLogEntry,
    DutySlot,
    Handover,
    IntakeLink,
    LeaveRequest,
    LeaveStatus,
    LogStatus,
    Reception,
    SpotCheck,
    SwapRequest,
)
from .calendar import period_on
from .events import event
from .roster import _when, _who, check_free
from .workflow import HANDOVER, LEAVE, SWAP

RECEPTION_SOURCE = "duty-reception"


# -- handover -------------------------------------------------------------------------------
@transaction.atomic
def handover_write(
    *,
    unit: Unit,
    notes: str,
    incoming: User | None,
    slot: DutySlot | None = None,
    acting_user: User,
) -> Handover:
    """The outgoing officer's handover; every open log entry of the unit is carried over."""
    handover = Handover(
        unit=unit,
        slot=slot,
        outgoing=acting_user,
        incoming=incoming,
        notes=notes.strip(),
        written_at=timezone.now(),
    )
    require_writable(acting_user, handover)
    if not handover.notes:
        raise ApplicationError(
            "请写明交班情况：本班接报了什么、处置到哪一步、需要接班人跟进什么。", field="notes"
        )
    if incoming is not None and incoming.pk == acting_user.pk:
        raise ApplicationError("接班人不能是交班人本人，请选择下一班的值班人员。", field="incoming")
    handover.save()
    handover.open_items.set(DutyLogEntry.objects.filter(unit=unit, status=LogStatus.OPEN))
    event(
        kind=DutyEventKind.LOGGED,
        actor=acting_user,
        handover=handover,
        text=f"交班，待办事项 {handover.open_items.count()} 项",
    )
    if incoming is not None:
        notice_send(
            recipients=[incoming],
            message=f"{_who(acting_user)} 已写好交班记录，请接班确认",
            target=handover,
            url="/duty/handover/",
            actor=acting_user,
            channels=(),
        )
    return handover


@transaction.atomic
def handover_accept(
    *, handover: Handover, acting_user: User, expected_version: int | None = None
) -> Handover:
    return HANDOVER.transition(
        record=handover,
        action="accept",
        acting_user=acting_user,
        expected_version=expected_version,
        on=timezone.localdate(),
        fields={"accepted_at": timezone.now(), "incoming": acting_user},
    )


# -- swaps ----------------------------------------------------------------------------------
def _on_approved_leave(user: User, day: date) -> LeaveRequest | None:
    return LeaveRequest.objects.filter(
        user=user, status=LeaveStatus.APPROVED, starts_on__lte=day, ends_on__gte=day
    ).first()


@transaction.atomic
def swap_request(
    *, slot: DutySlot, counterpart: User, reason: str, acting_user: User
) -> SwapRequest:
    mine = DutyAssignment.objects.filter(slot=slot, user=acting_user).first()
    if mine is None:
        raise ApplicationError(
            f"您不在 {_when(slot)} 的值班名单中，不能申请换出这个班。", code="swap_not_yours"
        )
    if counterpart.pk == acting_user.pk:
        raise ApplicationError("替班人不能是您本人，请选择另一位同事。", field="counterpart")
    if not reason.strip():
        raise ApplicationError("请写明换班事由。", field="reason")
    _check_counterpart(counterpart, slot)
    swap = SwapRequest(
        unit=slot.unit,
        slot=slot,
        role=mine.role,
        requester=acting_user,
        counterpart=counterpart,
        reason=reason.strip(),
    )
    swap.save()
    event(
        kind=DutyEventKind.LOGGED,
        actor=acting_user,
        swap=swap,
        text=f"{_when(slot)} 由 {_who(counterpart)} 替班：{swap.reason}",
    )
    notice_send(
        recipients=[counterpart],
        message=f"{_who(acting_user)} 请您替 {_when(slot)} 的班，请确认是否同意",
        target=swap,
        url="/duty/swaps/",
        actor=acting_user,
        channels=(),
    )
    return swap


def _check_counterpart(counterpart: User, slot: DutySlot) -> None:
    if DutyAssignment.objects.filter(slot=slot, user=counterpart).exists():
        raise ApplicationError(
            f"{_who(counterpart)} 已在 {_when(slot)} 值班，不能再替同一班，请另选同事。",
            code="swap_counterpart_on_slot",
        )
    leave = _on_approved_leave(counterpart, slot.day)
    if leave is not None:
        raise ApplicationError(
            f"{_who(counterpart)} 在 {leave.starts_on:%m月%d日}至{leave.ends_on:%m月%d日} 请假，"
            f"不能替 {_when(slot)} 的班，请另选同事。",
            code="swap_counterpart_on_leave",
        )
    check_free(user=counterpart, slot=slot)


@transaction.atomic
def swap_accept(*, swap: SwapRequest, acting_user: User) -> SwapRequest:
    _check_counterpart(swap.counterpart, swap.slot)
    SWAP.transition(
        record=swap,
        action="accept",
        acting_user=acting_user,
        expected_version=None,
        on=timezone.localdate(),
    )
    post = getattr(swap.unit, "duty_post", None)
    if post is None or not post.swaps_need_approval:
        return swap_approve(swap=swap, acting_user=acting_user)
    return swap


@transaction.atomic
def swap_approve(*, swap: SwapRequest, acting_user: User) -> SwapRequest:
    _check_counterpart(swap.counterpart, swap.slot)
    if not DutyAssignment.objects.filter(slot=swap.slot, user=swap.requester).exists():
        raise ApplicationError(
            f"{_who(swap.requester)} 已不在 {_when(swap.slot)} 的值班表上（排班已调整），"
            "这次换班无需再批准，请拒绝或让申请人撤回。",
            code="swap_requester_not_on_slot",
        )
    SWAP.transition(
        record=swap,
        action="approve",
        acting_user=acting_user,
        expected_version=None,
        on=timezone.localdate(),
    )
    DutyAssignment.objects.filter(slot=swap.slot, user=swap.requester).update(
        user=swap.counterpart, origin=AssignmentOrigin.SWAP
    )
    event(
        kind=DutyEventKind.OVERRIDE,
        actor=acting_user,
        roster=swap.slot.roster,
        text=f"换班：{_when(swap.slot)} {_who(swap.requester)} → {_who(swap.counterpart)}",
    )
    notice_send(
        recipients=[swap.requester, swap.counterpart],
        message=f"换班已生效：{_when(swap.slot)} 由 {_who(swap.counterpart)} 值班",
        target=swap,
        url="/duty/swaps/",
        actor=acting_user,
        channels=(),
    )
    return swap


@transaction.atomic
def swap_decide(*, swap: SwapRequest, action: str, acting_user: User) -> SwapRequest:
    """decline (counterpart), refuse (approver) or cancel (requester)."""
    if action not in ("decline", "refuse", "cancel"):
        raise ApplicationError("没有这种换班操作。")
    SWAP.transition(
        record=swap,
        action=action,
        acting_user=acting_user,
        expected_version=None,
        on=timezone.localdate(),
    )
    return swap


# -- leave ----------------------------------------------------------------------------------
@transaction.atomic
def leave_request(
    *, starts_on: date, ends_on: date, reason: str, destination_note: str = "", acting_user: User
) -> LeaveRequest:
    if acting_user.unit is None:
        raise ApplicationError("您的账号没有所属单位，请联系管理员。")
    if ends_on < starts_on:
        raise ApplicationError("结束日期早于开始日期，请核对。", field="ends_on")
    if not reason.strip():
        raise ApplicationError("请写明请假（离岗）事由。", field="reason")
    period = period_on(acting_user.unit, starts_on) or period_on(acting_user.unit, ends_on)
    leave = LeaveRequest.objects.create(
        unit=acting_user.unit,
        user=acting_user,
        period=period if period and period.leave_needs_approval else None,
        starts_on=starts_on,
        ends_on=ends_on,
        reason=reason.strip(),
        destination_note=destination_note.strip(),
    )
    event(kind=DutyEventKind.LOGGED, actor=acting_user, leave=leave, text=leave.reason)
    approver = (
        [leave.period.leader]
        if leave.period and leave.period.leader
        else list(User.objects.filter(unit=acting_user.unit, roles__code="leader", is_active=True))
    )
    notice_send(
        recipients=approver,
        message=f"{_who(acting_user)} 申请{'离岗' if leave.period else '请假'} "
        f"{starts_on:%m月%d日}至{ends_on:%m月%d日}，请审批",
        target=leave,
        url="/duty/leave/",
        actor=acting_user,
        channels=(),
    )
    return leave


@transaction.atomic
def leave_decide(
    *, leave: LeaveRequest, approve: bool, note: str = "", acting_user: User
) -> LeaveRequest:
    if not approve and not note.strip():
        raise ApplicationError("不予批准时请写明理由。", field="note")
    LEAVE.transition(
        record=leave,
        action="approve" if approve else "refuse",
        acting_user=acting_user,
        expected_version=None,
        on=timezone.localdate(),
        fields={
            "decided_by": acting_user,
            "decided_at": timezone.now(),
            "decision_note": note.strip(),
        },
        text=note.strip(),
    )
    notice_send(
        recipients=[leave.user],
        message=f"您的请假（离岗）申请{'已批准' if approve else '未获批准'}",
        target=leave,
        url="/duty/leave/",
        actor=acting_user,
        channels=(),
    )
    return leave


def leave_conflicts(*, leave: LeaveRequest) -> list[DutyAssignment]:
    """The person's slots during the leave: flagged so the roster keeper can rearrange."""
    return list(
        DutyAssignment.objects.filter(
            user=leave.user, slot__day__gte=leave.starts_on, slot__day__lte=leave.ends_on
        ).select_related("slot", "slot__unit")
    )


# -- spot checks ----------------------------------------------------------------------------
@transaction.atomic
def spot_check_record(
    *,
    unit: Unit,
    answered: bool,
    answered_by: str = "",
    note: str = "",
    at: datetime | None = None,
    acting_user: User,
) -> SpotCheck:
    """查岗: the level above called `unit`'s duty phone. About the post only."""
    if (
        acting_user.unit is None
        or not unit.is_within(acting_user.unit)
        or unit.pk == acting_user.unit_id
    ):
        raise ApplicationError("只能对下级单位的值班电话查岗。", code="spot_check_scope")
    post = getattr(unit, "duty_post", None)
    phone = (post.duty_phone if post else "") or unit.phone
    check = SpotCheck(
        unit=unit,
        checker_unit=acting_user.unit,
        checked_by=acting_user,
        at=at or timezone.now(),
        phone=phone,
        answered=answered,
        answered_by=answered_by.strip() if answered else "",
        note=note.strip(),
    )
    require_writable(acting_user, check)
    check.save()
    if not answered:
        notice_send(
            recipients=User.objects.filter(
                unit=unit, roles__code__in=["leader", "duty_officer"], is_active=True
            ).distinct(),
            message=f"{acting_user.unit} 查岗：{timezone.localtime(check.at):%m月%d日 %H:%M} "
            f"拨打本单位值班电话 {phone} 无人接听，请检查值班值守",
            target=check,
            url="/duty/",
            actor=acting_user,
            channels=(),
        )
    return check


# -- receptions -----------------------------------------------------------------------------
@transaction.atomic
def reception_save(
    *,
    unit: Unit,
    leader_name: str,
    leader_title: str,
    kind: str,
    place: str,
    starts_at: datetime,
    ends_at: datetime,
    topics: str = "",
    how_to_book: str = "",
    published: bool = False,
    leader: User | None = None,
    reception: Reception | None = None,
    acting_user: User,
) -> Reception:
    reception = reception or Reception(unit=unit)
    require_writable(acting_user, reception)
    if ends_at <= starts_at:
        raise ApplicationError("接访结束时间须晚于开始时间。", field="ends_at")
    if not leader_name.strip() or not place.strip():
        raise ApplicationError("请写明接访领导和地点。", field="leader_name")
    for name, value in dict(
        leader_name=leader_name.strip(),
        leader_title=leader_title.strip(),
        kind=kind,
        place=place.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        topics=topics.strip(),
        how_to_book=how_to_book.strip(),
        published=published,
        leader=leader,
    ).items():
        setattr(reception, name, value)
    reception.save()
    event(
        kind=DutyEventKind.PUBLISHED if published else DutyEventKind.UPDATED,
        actor=acting_user,
        reception=reception,
        text=str(reception),
    )
    return reception


def published_receptions(start: date, end: date) -> list[PublicReception]:
    """The provider for common.publish: published receptions only, never a phone number."""
    rows = Reception.objects.filter(
        published=True, starts_at__date__gte=start, starts_at__date__lte=end
    ).select_related("unit")
    return [
        PublicReception(
            unit_name=r.unit.name,
            leader=f"{r.leader_title} {r.leader_name}".strip(),
            kind=r.get_kind_display(),
            place=r.place,
            starts_at=r.starts_at,
            ends_at=r.ends_at,
            topics=r.topics,
            how_to_book=r.how_to_book,
        )
        for r in rows
    ]


def _reception(record_id: str, user: User) -> Reception:
    if not record_id.isdigit():
        raise ApplicationError(
            "找不到这次接访安排，请回到接访安排页面重新点击。", code="intake_source_unknown"
        )
    return get_visible(Reception.objects.select_related("unit"), user, pk=int(record_id))


def reception_intake_load(record_id: str, user: User) -> intake.IntakeDraft:
    r = _reception(record_id, user)
    return intake.IntakeDraft(
        token=intake.token(RECEPTION_SOURCE, r.pk),
        label=f"{r.leader_title}{r.leader_name} {r.get_kind_display()} "
        f"{timezone.localtime(r.starts_at):%Y-%m-%d}",
        unit_id=r.unit_id,
        received_at=timezone.now() if r.starts_at <= timezone.now() <= r.ends_at else r.starts_at,
        content="",
        channel="visit",
        place=r.place,
        extra={
            "reception_id": r.pk,
            "leader": f"{r.leader_title}{r.leader_name}",
            "leader_id": r.leader_id,
        },
    )


def reception_intake_link(record_id: str, user: User, target: str, obj: Model) -> None:
    r = _reception(record_id, user)
    IntakeLink.objects.create(
        reception=r, target=target, object_id=str(obj.pk), label=str(obj)[:100], created_by=user
    )
    event(
        kind=DutyEventKind.HANDED_OFF,
        actor=user,
        reception=r,
        text=f"接访登记：{obj}",
        changes={"target": target, "id": obj.pk},
    )


def receptions_between(*, units: Sequence[int] | None, start: date, end: date):
    qs = Reception.objects.filter(
        starts_at__date__gte=start, starts_at__date__lte=end
    ).select_related("unit")
    return qs.filter(unit_id__in=units) if units is not None else qs
