"""The dispute workflow: the shared engine with mediation's table, actor rules, clocks, timeline.

Every status change goes through `WORKFLOW.transition`, every other change of a dispute through
`WORKFLOW.record_change`: each checks the optimistic version, writes the dispute row once and the
event, and applies the step's clock effects (which keep `Dispute.next_due`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone

from huajie.common import intake
from huajie.common.errors import ApplicationError, PermissionDenied
from huajie.orgs.models import User
from huajie.timelimits.plan import ClockPlan, ClockSet
from huajie.workflow.engine import Timeline, Workflow

from ..clocks import RULE_FOR_CLOCK, ClockKind
from ..models import Dispute, DisputeClock, DisputeEvent, EventKind
from ..rules import ACTORS
from ..states import TRANSITIONS, Status

CLOCKS = ClockSet(
    model=DisputeClock,
    owner_field="dispute",
    rule_codes=RULE_FOR_CLOCK,
    labels={k.value: f"{k.label}期限" for k in ClockKind},
)


class DisputeWorkflow(Workflow):
    """The shared engine; each event also keeps the date its step took effect (`changes["on"]`),
    so a step recorded later than it happened (a back-dated session or agreement) shows both."""

    def transition(self, *, on: date, changes: dict[str, Any] | None = None, **kw: Any) -> Any:
        return super().transition(on=on, changes={"on": on.isoformat(), **(changes or {})}, **kw)

    def record_change(
        self, *, on: date | None = None, changes: dict[str, Any] | None = None, **kw: Any
    ) -> None:
        if on is not None:
            changes = {"on": on.isoformat(), **(changes or {})}
        super().record_change(on=on, changes=changes, **kw)


WORKFLOW = DisputeWorkflow(
    model=Dispute,
    statuses=Status,
    transitions=TRANSITIONS,
    actors=ACTORS,
    timeline=Timeline(DisputeEvent, "dispute", EventKind.TRANSITION),
    clocks=CLOCKS,
    next_due_field="next_due",
)

EARLIEST = date(2000, 1, 1)


def may_take(user: User, dispute: Dispute, action: str) -> bool:
    return dispute.status in WORKFLOW.get(action).sources and WORKFLOW.may_take(
        user, dispute, WORKFLOW.get(action)
    )


def check_day(day: date, *, field: str = "on", not_before: date | None = None) -> date:
    """A date a user typed: never in the future, never before 2000 or before `not_before`."""
    if day > timezone.localdate():
        raise ApplicationError("日期不能晚于今天，请核对。", code="date_in_future", field=field)
    if day < EARLIEST:
        raise ApplicationError(
            "日期不能早于2000年，请按 2026-01-05 的格式填写。", code="date_too_early", field=field
        )
    if not_before is not None and day < not_before:
        raise ApplicationError(
            f"日期不能早于{not_before:%Y年%-m月%-d日}，请核对。",
            code="date_before_previous_step",
            field=field,
        )
    return day


def action_day(dispute: Dispute, on: date | None, plan: ClockPlan | None = None) -> date:
    """The date an action takes effect: today unless back-dated; never in the future, before
    the dispute was received or before its previous step."""
    steps = [
        dispute.received_on,
        dispute.accepted_on,
        dispute.ended_on,
        dispute.agreement_on,
        dispute.performed_on,
        plan.last_date() if plan is not None else None,
    ]
    last = max((d for d in steps if d is not None), default=None)
    return check_day(on or timezone.localdate(), not_before=last)


def require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def required_text(value: str | None, message: str, field: str) -> str:
    if not value or not value.strip():
        raise ApplicationError(message, code=f"{field}_required", field=field)
    return value.strip()


def tell_source(dispute: Dispute, actor: User | None, what: str) -> None:
    """The record the dispute came from (a petition …) hears how its mediation ended, and the
    dispute's timeline says it was told — both timelines show the link."""
    if not dispute.intake_source:
        return
    text = f"矛盾纠纷 {dispute.reg_no}（{dispute.unit.name}）{what}"
    if intake.intake_outcome(dispute.intake_source, "dispute", dispute, text, actor=actor):
        event_add(dispute=dispute, kind=EventKind.LINK, actor=actor, action="intake_outcome",
                  text=f"已告知{dispute.intake_label or '来源记录'}：{what}")  # fmt: skip


def event_add(
    *, dispute: Dispute, kind: str, actor: User | None, text: str = "", **values: object
) -> DisputeEvent:
    """An event that changes nothing on the dispute row (a full view, a document issued)."""
    return DisputeEvent.objects.create(dispute=dispute, kind=kind, actor=actor, text=text, **values)
