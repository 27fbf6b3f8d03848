"""The petition workflow: the shared engine with petitions' table, actor rules, clocks and timeline.

Every status change goes through `WORKFLOW.transition`, every other change of a case through
`WORKFLOW.record_change`: each checks the optimistic version, writes the case row once and the
event, and applies the step's clock effects (which keep `Petition.next_due`).
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from huajie.common.errors import ApplicationError, PermissionDenied
from huajie.orgs.models import User
from huajie.timelimits.plan import ClockPlan, ClockSet
from huajie.workflow.engine import Timeline, Transition, Workflow

from ..clocks import RULE_FOR_CLOCK, ClockKind
from ..models import EventKind, Petition, PetitionClock, PetitionEvent
from ..rules import ACTORS, anonymous_allows, review_history_allows
from ..states import TRANSITIONS, Status

CLOCKS = ClockSet(
    model=PetitionClock,
    owner_field="petition",
    rule_codes=RULE_FOR_CLOCK,
    labels={k.value: f"{k.label}期限" for k in ClockKind},
)

WORKFLOW = Workflow(
    model=Petition,
    statuses=Status,
    transitions=TRANSITIONS,
    actors=ACTORS,
    timeline=Timeline(PetitionEvent, "petition", EventKind.TRANSITION),
    clocks=CLOCKS,
    next_due_field="next_due",
)

EARLIEST = date(2000, 1, 1)


def actions_for(user: User, petition: Petition) -> list[Transition]:
    """The transitions this user may take now (in the table's order)."""
    return [
        t
        for t in WORKFLOW.available(user, petition)
        if review_history_allows(petition, t.action) and anonymous_allows(petition, t.action)
    ]


def may_act(user: User, petition: Petition, transition: Transition) -> bool:
    return WORKFLOW.may_take(user, petition, transition)


def action_day(petition: Petition, on: date | None, plan: ClockPlan | None = None) -> date:
    """The date an action takes effect: today unless back-dated, and never in the future,
    before 2000, before the case was received or before its previous step."""
    today = timezone.localdate()
    day = on or today
    if day > today:
        raise ApplicationError("办理日期不能晚于今天，请核对。", code="date_in_future", field="on")
    if day < EARLIEST:
        raise ApplicationError(
            "办理日期不能早于2000年，请核对后按 2026-01-05 的格式填写。",
            code="date_too_early",
            field="on",
        )
    if day < petition.received_on:
        raise ApplicationError(
            f"办理日期不能早于收到日期（{petition.received_on:%Y-%m-%d}），请核对。",
            code="date_before_receipt",
            field="on",
        )
    steps = [
        petition.accepted_on,
        petition.replied_on,
        petition.evaluated_on,
        petition.closed_on,
        petition.archived_on,
        plan.last_date() if plan is not None else None,
    ]
    last = max((d for d in steps if d is not None), default=None)
    if last is not None and day < last:
        raise ApplicationError(
            f"办理日期不能早于上一步办理的日期（{last:%Y-%m-%d}），请核对。",
            code="date_before_previous_step",
            field="on",
        )
    return day


def require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def required_text(value: str, message: str, field: str) -> str:
    if not value or not value.strip():
        raise ApplicationError(message, code=f"{field}_required", field=field)
    return value.strip()
