"""Who may do what in the duty module: the actor rules of the state tables, as predicates."""

from __future__ import annotations

from typing import Any

from huajie.common.scoping import can_write
from huajie.orgs.models import RoleCode, User

from .models import DutyAssignment, DutyRole, LeaveRequest, SwapRequest


def unit_staff(user: User, record: Any) -> bool:
    return can_write(user, record)


def is_duty_staff(user: User) -> bool:
    """Duty staff see personal mobiles in the directory (值班人员、领导)."""
    return user.has_role(RoleCode.DUTY_OFFICER, RoleCode.LEADER, RoleCode.ADMIN)


def counterpart(user: User, swap: SwapRequest) -> bool:
    return user.pk == swap.counterpart_id


def requester(user: User, swap: SwapRequest) -> bool:
    return user.pk == swap.requester_id


def swap_approver(user: User, swap: SwapRequest) -> bool:
    """The slot's duty leader, or a leader of the unit (or above) — never the two who swap,
    unless the unit does not require approval (then the counterpart's acceptance approves)."""
    post = getattr(swap.unit, "duty_post", None)
    if post is not None and not post.swaps_need_approval and user.pk == swap.counterpart_id:
        return True
    if user.pk in (swap.requester_id, swap.counterpart_id):
        return False
    leads = DutyAssignment.objects.filter(slot=swap.slot, role=DutyRole.LEADER, user=user)
    if leads.exists():
        return True
    return user.has_role(RoleCode.LEADER) and can_write(user, swap)


def leave_approver(user: User, leave: LeaveRequest) -> bool:
    if user.pk == leave.user_id:
        return False
    if leave.period is not None and leave.period.leader_id is not None:
        return user.pk == leave.period.leader_id
    return user.has_role(RoleCode.LEADER) and can_write(user, leave)


def incoming(user: User, handover: Any) -> bool:
    if handover.incoming_id is not None:
        return bool(user.pk == handover.incoming_id)
    return bool(user.pk != handover.outgoing_id and can_write(user, handover))
