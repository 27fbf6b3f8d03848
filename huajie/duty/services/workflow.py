"""The Workflows of the duty module's four state tables (the only code that changes a status)."""

from __future__ import annotations

from huajie.workflow.engine import Timeline, Workflow

from .. import rules
from ..models import (
    DutyEvent,
    Handover,
    HandoverStatus,
    LeaveRequest,
    LeaveStatus,
    RosterMonth,
    RosterStatus,
    SwapRequest,
    SwapStatus,
)
from ..states import (
    HANDOVER_TRANSITIONS,
    LEAVE_TRANSITIONS,
    ROSTER_TRANSITIONS,
    SWAP_TRANSITIONS,
    Actor,
)

ROSTER = Workflow(
    model=RosterMonth,
    statuses=RosterStatus,
    transitions=ROSTER_TRANSITIONS,
    actors={Actor.UNIT_STAFF: rules.unit_staff},
    timeline=Timeline(DutyEvent, "roster"),
)
SWAP = Workflow(
    model=SwapRequest,
    statuses=SwapStatus,
    transitions=SWAP_TRANSITIONS,
    actors={
        Actor.COUNTERPART: rules.counterpart,
        Actor.REQUESTER: rules.requester,
        Actor.APPROVER: rules.swap_approver,
    },
    timeline=Timeline(DutyEvent, "swap"),
)
LEAVE = Workflow(
    model=LeaveRequest,
    statuses=LeaveStatus,
    transitions=LEAVE_TRANSITIONS,
    actors={Actor.LEAVE_APPROVER: rules.leave_approver},
    timeline=Timeline(DutyEvent, "leave"),
)
HANDOVER = Workflow(
    model=Handover,
    statuses=HandoverStatus,
    transitions=HANDOVER_TRANSITIONS,
    actors={Actor.INCOMING: rules.incoming},
    timeline=Timeline(DutyEvent, "handover"),
)
WORKFLOWS = {
    "duty-roster": ROSTER,
    "duty-swap": SWAP,
    "duty-leave": LEAVE,
    "duty-handover": HANDOVER,
}
