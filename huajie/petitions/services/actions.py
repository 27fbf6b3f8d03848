"""Routing and handling actions: accept, refuse, transfer, assign, return, handle, reply.

Each is one transaction: the status change, its clocks and its timeline event land together or
not at all. `on` is the date the action takes effect (today unless back-dated by the clerk).
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from huajie.common.errors import ApplicationError
from huajie.orgs.models import Unit, User

from ..models import ClockKind, Decision, Petition, ProperChannel, Reply
from .clocks import clock_open, clock_stop, open_clock
from .events import notify
from .workflow import transition


def _today(on: date | None) -> date:
    today = timezone.localdate()
    if on is not None and on > today:
        raise ApplicationError("办理日期不能晚于今天，请核对。", code="date_in_future", field="on")
    return on or today


def _required(value: str, message: str, field: str) -> str:
    if not value or not value.strip():
        raise ApplicationError(message, code=f"{field}_required", field=field)
    return value.strip()


@transaction.atomic
def petition_accept(
    *, petition: Petition, acting_user: User, expected_version: int | None, on: date | None = None
) -> Petition:
    """受理: the competent organ accepts; the 60-day handling clock starts (Art.34)."""
    day = _today(on)
    action = "accept_transfer" if petition.status == "transferred" else "accept"
    transition(
        petition=petition,
        action=action,
        acting_user=acting_user,
        expected_version=expected_version,
        fields={"accepted_on": day},
        text=f"{day:%Y-%m-%d} 受理",
    )
    clock_stop(petition=petition, kind=ClockKind.ROUTE, on=day)
    clock_stop(petition=petition, kind=ClockKind.OBJECTION, on=day)
    clock_stop(petition=petition, kind=ClockKind.ACCEPTANCE_NOTICE, on=day)
    clock_open(petition=petition, kind=ClockKind.HANDLING, start=day)
    return petition


@transaction.atomic
def petition_not_accept(
    *,
    petition: Petition,
    acting_user: User,
    expected_version: int | None,
    reason: str,
    proper_channel: str,
    on: date | None = None,
) -> Petition:
    """不予受理 with the reason and the proper channel the petitioner is told (诉访分离)."""
    day = _today(on)
    reason = _required(reason, "请填写不予受理的理由。", "reason")
    if proper_channel not in ProperChannel.values:
        raise ApplicationError(
            "请选择应告知信访人的途径（如诉讼、仲裁、行政复议）。",
            code="proper_channel_required",
            field="proper_channel",
        )
    transition(
        petition=petition,
        action="not_accept",
        acting_user=acting_user,
        expected_version=expected_version,
        fields={"not_accepted_reason": reason, "proper_channel": proper_channel},
        text=f"不予受理：{reason}；告知途径：{ProperChannel(proper_channel).label}",
    )
    for kind in (ClockKind.ROUTE, ClockKind.OBJECTION, ClockKind.ACCEPTANCE_NOTICE):
        clock_stop(petition=petition, kind=kind, on=day)
    return petition


@transaction.atomic
def petition_transfer(
    *,
    petition: Petition,
    acting_user: User,
    expected_version: int | None,
    to_unit: Unit,
    note: str = "",
    on: date | None = None,
) -> Petition:
    """转送 to the competent unit, which has 5 working days to object (Art.23)."""
    day = _today(on)
    if to_unit.pk == petition.unit_id:
        raise ApplicationError(
            "不能转送给本单位；属于本单位职权的请直接受理。",
            code="transfer_to_self",
            field="to_unit",
        )
    transition(
        petition=petition,
        action="transfer",
        acting_user=acting_user,
        expected_version=expected_version,
        fields={"handling_unit": to_unit},
        text=f"转送{to_unit.name}" + (f"：{note}" if note else ""),
        changes={"handling_unit": [None, to_unit.name]},
    )
    clock_stop(petition=petition, kind=ClockKind.ROUTE, on=day)
    clock_stop(petition=petition, kind=ClockKind.ACCEPTANCE_NOTICE, on=day, superseded=True)
    clock_open(petition=petition, kind=ClockKind.ACCEPTANCE_NOTICE, start=day)
    clock_open(petition=petition, kind=ClockKind.OBJECTION, start=day)
    notify(
        users=to_unit.users.filter(roles__code__in=["clerk", "leader"]).distinct(),
        petition=petition,
        actor=acting_user,
        message=f"收到转送的信访事项 {petition.reg_no}：{petition.title}",
    )
    return petition


def _check_objection_window(petition: Petition, day: date) -> None:
    clock = open_clock(petition, ClockKind.OBJECTION)
    if clock is not None and clock.due is not None and day > clock.due:
        raise ApplicationError(
            f"提出异议的期限（5个工作日，至{clock.due:%Y年%-m月%-d日}）已过，不能退回。"
            "请接收办理，或报请上级机关协调。",
            code="objection_window_closed",
        )


@transaction.atomic
def petition_return(
    *,
    petition: Petition,
    acting_user: User,
    expected_version: int | None,
    reason: str,
    on: date | None = None,
) -> Petition:
    """退回: the receiving unit says it is not competent, with a reason, within 5 working days."""
    day = _today(on)
    reason = _required(reason, "请填写退回理由（为何不属于本单位职权范围）。", "reason")
    _check_objection_window(petition, day)
    returning = petition.handling_unit
    if petition.status == "transferred":
        action, fields = "return_transfer", {"handling_unit": None}
    else:
        action = "return_assignment"
        fields = {"handling_unit": None, "handler": None, "responsible_leader": None}
    transition(
        petition=petition,
        action=action,
        acting_user=acting_user,
        expected_version=expected_version,
        fields=fields,
        text=f"{returning.name if returning else ''}退回：{reason}",
    )
    clock_stop(petition=petition, kind=ClockKind.OBJECTION, on=day)
    if action == "return_transfer":
        clock_stop(petition=petition, kind=ClockKind.ACCEPTANCE_NOTICE, on=day, superseded=True)
        clock_open(petition=petition, kind=ClockKind.ROUTE, start=day)
        clock_open(petition=petition, kind=ClockKind.ACCEPTANCE_NOTICE, start=day)
    notify(
        users=[petition.registered_by],
        petition=petition,
        actor=acting_user,
        message=f"信访事项 {petition.reg_no} 被退回：{reason}",
    )
    return petition


@transaction.atomic
def petition_assign(
    *,
    petition: Petition,
    acting_user: User,
    expected_version: int | None,
    handling_unit: Unit,
    responsible_leader: User,
    handler: User,
    note: str = "",
    on: date | None = None,
) -> Petition:
    """交办 to a responsible unit with its responsible leader (包案领导) and a handler."""
    day = _today(on)
    if handler.unit is None or not handler.unit.is_within(handling_unit):
        raise ApplicationError(
            f"承办人应为{handling_unit.name}的工作人员，请重新选择。",
            code="handler_not_in_unit",
            field="handler",
        )
    if not responsible_leader.has_role("leader"):
        raise ApplicationError(
            "包案领导须具有领导角色，请重新选择。",
            code="leader_not_leader",
            field="responsible_leader",
        )
    transition(
        petition=petition,
        action="assign",
        acting_user=acting_user,
        expected_version=expected_version,
        fields={
            "handling_unit": handling_unit,
            "responsible_leader": responsible_leader,
            "handler": handler,
        },
        text=f"交办{handling_unit.name}，包案领导{responsible_leader}，承办人{handler}"
        + (f"：{note}" if note else ""),
    )
    if handling_unit.pk != petition.unit_id:
        clock_open(petition=petition, kind=ClockKind.OBJECTION, start=day)
    notify(
        users=[handler, responsible_leader],
        petition=petition,
        actor=acting_user,
        message=f"交办信访事项 {petition.reg_no}：{petition.title}",
    )
    return petition


@transaction.atomic
def petition_start_handling(
    *, petition: Petition, acting_user: User, expected_version: int | None, on: date | None = None
) -> Petition:
    day = _today(on)
    transition(
        petition=petition,
        action="start_handling",
        acting_user=acting_user,
        expected_version=expected_version,
        text="开始办理",
    )
    clock_stop(petition=petition, kind=ClockKind.OBJECTION, on=day)
    return petition


@transaction.atomic
def petition_reply(
    *,
    petition: Petition,
    acting_user: User,
    expected_version: int | None,
    request: str,
    facts: str,
    reasons: str,
    decision: str,
    legal_basis: str,
    on: date | None = None,
) -> Petition:
    """信访处理意见书 (Art.32): request, facts, reasons, decision, legal basis; the 60-day clock
    stops and the petitioner's 30-day review window opens."""
    day = _today(on)
    texts = {
        "request": _required(request, "请填写信访人的请求。", "request"),
        "facts": _required(facts, "请填写查明的事实。", "facts"),
        "reasons": _required(reasons, "请填写处理理由。", "reasons"),
        "legal_basis": _required(legal_basis, "请填写法律、法规或政策依据。", "legal_basis"),
    }
    if decision not in Decision.values:
        raise ApplicationError(
            "请选择处理意见：支持、解释说明或不予支持。", code="decision_required", field="decision"
        )
    transition(
        petition=petition,
        action="reply",
        acting_user=acting_user,
        expected_version=expected_version,
        fields={"replied_on": day, "decision": decision},
        text=f"出具信访处理意见书：{Decision(decision).label}",
    )
    Reply.objects.create(
        petition=petition, decision=decision, issued_on=day, issued_by=acting_user, **texts
    )
    clock_stop(petition=petition, kind=ClockKind.HANDLING, on=day)
    clock_open(petition=petition, kind=ClockKind.REVIEW_REQUEST, start=day)
    notify(
        users=[petition.registered_by, petition.responsible_leader],
        petition=petition,
        actor=acting_user,
        message=f"信访事项 {petition.reg_no} 已答复（{Decision(decision).label}）",
    )
    return petition
