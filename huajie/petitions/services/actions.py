"""Routing and handling actions: accept, refuse, transfer, assign, return, handle, reply.

Each is one transaction: the status change, its clocks (the table in `states.py`) and its timeline
event land together or not at all. `on` is the date the action takes effect (today unless
back-dated by the clerk; checked against the case by `action_day`).
"""

from __future__ import annotations

from datetime import date

from django.db import transaction

from huajie.common.errors import ApplicationError
from huajie.orgs.models import RoleCode, Unit, User

from .. import rules
from ..extensions import handoff_extensions
from ..models import ClockKind, Decision, Petition, ProperChannel, Reply
from ..states import Status
from .events import notify
from .workflow import WORKFLOW, action_day, required_text


@transaction.atomic
def petition_accept(
    *, petition: Petition, acting_user: User, expected_version: int | None, on: date | None = None
) -> Petition:
    """受理: the competent organ accepts; the 60-day handling clock starts (Art.34)."""
    plan = WORKFLOW.plan(petition)
    day = action_day(petition, on, plan)
    action = "accept_transfer" if petition.status == Status.TRANSFERRED else "accept"
    return WORKFLOW.transition(
        record=petition,
        action=action,
        acting_user=acting_user,
        expected_version=expected_version,
        on=day,
        fields={"accepted_on": day},
        text=f"{day:%Y-%m-%d} 受理",
        plan=plan,
    )


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
    plan = WORKFLOW.plan(petition)
    day = action_day(petition, on, plan)
    reason = required_text(reason, "请填写不予受理的理由。", "reason")
    if proper_channel not in ProperChannel.values:
        raise ApplicationError(
            "请选择应告知信访人的途径（如诉讼、仲裁、行政复议）。",
            code="proper_channel_required",
            field="proper_channel",
        )
    return WORKFLOW.transition(
        record=petition,
        action="not_accept",
        acting_user=acting_user,
        expected_version=expected_version,
        on=day,
        fields={"not_accepted_reason": reason, "proper_channel": proper_channel},
        text=f"不予受理：{reason}；告知途径：{ProperChannel(proper_channel).label}",
        plan=plan,
    )


def _not_to_accused(petition: Petition, unit: Unit, field: str) -> None:
    """检举控告: never to the accused unit (被反映单位) or a unit under it."""
    accused = petition.accused_unit
    if not rules.may_route_to(petition, unit) and accused is not None:
        raise ApplicationError(
            f"该检举控告反映的是{accused.name}，不能交由{unit.name}办理"
            "（被反映单位及其下属单位须回避）。请选择其他单位。",
            code="accused_unit",
            field=field,
        )


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
    plan = WORKFLOW.plan(petition)
    day = action_day(petition, on, plan)
    if to_unit.pk == petition.unit_id:
        raise ApplicationError(
            "不能转送给本单位；属于本单位职权的请直接受理。",
            code="transfer_to_self",
            field="to_unit",
        )
    _not_to_accused(petition, to_unit, "to_unit")
    WORKFLOW.transition(
        record=petition,
        action="transfer",
        acting_user=acting_user,
        expected_version=expected_version,
        on=day,
        fields={"handling_unit": to_unit},
        text=f"转送{to_unit.name}" + (f"：{note}" if note else ""),
        changes={"handling_unit": [None, to_unit.name]},
        plan=plan,
    )
    handoff_extensions(petition=petition, unit=to_unit)
    notify(
        users=to_unit.users.filter(roles__code__in=[RoleCode.CLERK, RoleCode.LEADER]).distinct(),
        petition=petition,
        message=f"收到转送的信访事项 {petition.reg_no}：{petition.title}",
        actor=acting_user,
    )
    return petition


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
    plan = WORKFLOW.plan(petition)
    day = action_day(petition, on, plan)
    reason = required_text(reason, "请填写退回理由（为何不属于本单位职权范围）。", "reason")
    window = plan.current(ClockKind.OBJECTION)
    if window is not None and window.due is not None and day > window.due:
        raise ApplicationError(
            f"提出异议的期限（5个工作日，至{window.due:%Y年%-m月%-d日}）已过，不能退回。"
            "请接收办理，或报请上级机关协调。",
            code="objection_window_closed",
        )
    returning = petition.handling_unit
    if petition.status == Status.TRANSFERRED:
        action, fields = "return_transfer", {"handling_unit": None}
    else:
        action = "return_assignment"
        fields = {"handling_unit": None, "handler": None, "responsible_leader": None}
    WORKFLOW.transition(
        record=petition,
        action=action,
        acting_user=acting_user,
        expected_version=expected_version,
        on=day,
        fields=fields,
        text=f"{returning.name if returning else ''}退回：{reason}",
        plan=plan,
    )
    handoff_extensions(petition=petition, unit=None)
    notify(
        users=[petition.registered_by],
        petition=petition,
        message=f"信访事项 {petition.reg_no} 被退回：{reason}",
        actor=acting_user,
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
    """交办 to a responsible unit with its responsible leader (包案领导) and a handler; assigning
    to another unit opens its 5-working-day objection window."""
    plan = WORKFLOW.plan(petition)
    day = action_day(petition, on, plan)
    _not_to_accused(petition, handling_unit, "handling_unit")
    if handler.unit is None or not handler.unit.is_within(handling_unit):
        raise ApplicationError(
            f"承办人应为{handling_unit.name}的工作人员，请重新选择。",
            code="handler_not_in_unit",
            field="handler",
        )
    if not responsible_leader.has_role(RoleCode.LEADER):
        raise ApplicationError(
            "包案领导须具有领导角色，请重新选择。",
            code="leader_not_leader",
            field="responsible_leader",
        )
    WORKFLOW.transition(
        record=petition,
        action="assign",
        acting_user=acting_user,
        expected_version=expected_version,
        on=day,
        fields={
            "handling_unit": handling_unit,
            "responsible_leader": responsible_leader,
            "handler": handler,
        },
        text=f"交办{handling_unit.name}，包案领导{responsible_leader}，承办人{handler}"
        + (f"：{note}" if note else ""),
        plan=plan,
    )
    handoff_extensions(petition=petition, unit=handling_unit)
    notify(
        users=[handler, responsible_leader],
        petition=petition,
        message=f"交办信访事项 {petition.reg_no}：{petition.title}",
        actor=acting_user,
    )
    return petition


@transaction.atomic
def petition_start_handling(
    *, petition: Petition, acting_user: User, expected_version: int | None, on: date | None = None
) -> Petition:
    plan = WORKFLOW.plan(petition)
    day = action_day(petition, on, plan)
    return WORKFLOW.transition(
        record=petition,
        action="start_handling",
        acting_user=acting_user,
        expected_version=expected_version,
        on=day,
        text="开始办理",
        plan=plan,
    )


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
    plan = WORKFLOW.plan(petition)
    day = action_day(petition, on, plan)
    texts = {
        "request": required_text(request, "请填写信访人的请求。", "request"),
        "facts": required_text(facts, "请填写查明的事实。", "facts"),
        "reasons": required_text(reasons, "请填写处理理由。", "reasons"),
        "legal_basis": required_text(legal_basis, "请填写法律、法规或政策依据。", "legal_basis"),
    }
    if decision not in Decision.values:
        raise ApplicationError(
            "请选择处理意见：支持、解释说明或不予支持。", code="decision_required", field="decision"
        )
    WORKFLOW.transition(
        record=petition,
        action="reply",
        acting_user=acting_user,
        expected_version=expected_version,
        on=day,
        fields={"replied_on": day, "decision": decision},
        text=f"出具信访处理意见书：{Decision(decision).label}",
        plan=plan,
    )
    Reply.objects.create(
        petition=petition, decision=decision, issued_on=day, issued_by=acting_user, **texts
    )
    notify(
        users=[petition.registered_by, petition.responsible_leader],
        petition=petition,
        message=f"信访事项 {petition.reg_no} 已答复（{Decision(decision).label}）",
        actor=acting_user,
    )
    return petition
