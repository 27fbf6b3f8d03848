"""Who may do what on a dispute: the one place a permission is decided.

The actor rules of the state table and the rules of the actions that are not status changes
(调解笔录, 延期, 提级, 履行事项, 督促履行, 司法确认, 回访, 查看完整信息) are predicates over the
dispute as the selector loads it (clocks, agreement and visits prefetched). The action registry
offers an action when its rule holds; the service checks the same rule and refuses with a sentence.
"""

from __future__ import annotations

from collections.abc import Callable

from huajie.orgs.models import RoleCode, Unit, User

from .clocks import ClockKind
from .models import Dispute, DisputeClock
from .oversight import overseen_by
from .states import Actor, Status

MEDIATION_ROLES = frozenset({RoleCode.MEDIATOR, RoleCode.LEADER})
SESSION_STATUSES = frozenset({Status.ACCEPTED, Status.MEDIATING})
AFTER_AGREEMENT = frozenset(
    {Status.PERFORMING, Status.PERFORMED, Status.NOT_PERFORMED, Status.ARCHIVED}
)


def within(unit: Unit | None, ancestor: Unit | None) -> bool:
    return unit is not None and ancestor is not None and unit.path.startswith(ancestor.path)


def works_here(user: User, dispute: Dispute) -> bool:
    """A mediator or leader of the committee holding the dispute (or of a unit above it)."""
    if user.is_superuser:
        return True
    return (
        user.is_active
        and bool(MEDIATION_ROLES & user.role_codes)
        and within(dispute.unit, user.unit)
    )


def oversees_only(user: User, dispute: Dispute) -> bool:
    """The user reads this dispute only through the town's oversight (`oversight.overseen_by`):
    a village's dispute seen from the town's mediation committee. Read-only: no action is
    offered; the village escalates it to move the work up."""
    if user.is_superuser or user.unit is None or within(dispute.unit, user.unit):
        return False
    town = overseen_by(user.unit)
    return town.pk != user.unit_id and within(dispute.unit, town)


def _committee(user: User, dispute: Dispute) -> bool:
    return within(dispute.unit, user.unit)


def _handler(user: User, dispute: Dispute) -> bool:
    if dispute.mediator_id == user.pk:
        return True
    if not within(dispute.unit, user.unit):
        return False
    return (
        dispute.mediator_id is None
        or RoleCode.LEADER in user.role_codes
        or (dispute.unit_id == user.unit_id)
    )


ACTORS: dict[str, Callable[[User, Dispute], bool]] = {
    Actor.COMMITTEE: _committee,
    Actor.HANDLER: _handler,
}


def may_register(user: User) -> bool:
    return user.is_superuser or (
        user.is_active and user.unit is not None and bool(MEDIATION_ROLES & user.role_codes)
    )


def open_clock(dispute: Dispute, kind: str) -> DisputeClock | None:
    running = [c for c in dispute.clocks.all() if c.kind == kind and c.is_open]
    return max(running, key=lambda c: c.round, default=None)


def open_visit_clock(dispute: Dispute) -> DisputeClock | None:
    kinds = {ClockKind.VISIT_1, ClockKind.VISIT_2, ClockKind.VISIT_3}
    running = [c for c in dispute.clocks.all() if c.kind in kinds and c.is_open]
    return max(running, key=lambda c: c.round, default=None)


def may_record_session(user: User, dispute: Dispute) -> bool:
    return dispute.status in SESSION_STATUSES and works_here(user, dispute)


def may_extend(user: User, dispute: Dispute) -> bool:
    clock = open_clock(dispute, ClockKind.SETTLE)
    return (
        clock is not None
        and not clock.extension_days
        and dispute.status in SESSION_STATUSES | {Status.AGREED}
        and works_here(user, dispute)
    )


def may_escalate(user: User, dispute: Dispute) -> bool:
    return dispute.status in {Status.REGISTERED, Status.ACCEPTED, Status.MEDIATING} and works_here(
        user, dispute
    )


def may_manage_terms(user: User, dispute: Dispute) -> bool:
    return dispute.status == Status.PERFORMING and works_here(user, dispute)


def may_record_confirmation(user: User, dispute: Dispute) -> bool:
    return (
        dispute.status in AFTER_AGREEMENT
        and not dispute.confirmation
        and dispute.agreement_on is not None
        and not dispute.dispute_type.status_matter
        and works_here(user, dispute)
    )


def may_visit(user: User, dispute: Dispute) -> bool:
    return (
        dispute.status in AFTER_AGREEMENT
        and dispute.agreement_on is not None
        and works_here(user, dispute)
    )


def may_complete_party(user: User, dispute: Dispute) -> bool:
    """Parties' details are completed while the agreement is being drafted, before it is signed."""
    return dispute.status in SESSION_STATUSES | {Status.REGISTERED, Status.AGREED} and works_here(
        user, dispute
    )


def may_note(user: User, dispute: Dispute) -> bool:
    return dispute.status != Status.ARCHIVED and works_here(user, dispute)


def may_view_full(user: User, dispute: Dispute) -> bool:
    return works_here(user, dispute)
