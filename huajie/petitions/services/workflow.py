"""The one function that changes a petition's status, and the permission rule behind it."""

from __future__ import annotations

from typing import Any

from django.db.models import F
from django.utils import timezone

from huajie.common.errors import ApplicationError, Conflict, PermissionDenied
from huajie.orgs.models import Unit, User

from ..models import EventKind, Petition, Review
from ..states import TRANSITIONS, Actor, Status, Transition
from .events import event_add


def _within(unit: Unit | None, ancestor: Unit | None) -> bool:
    return unit is not None and ancestor is not None and unit.path.startswith(ancestor.path)


def _leads_handling(user: User, petition: Petition) -> bool:
    return "leader" in user.role_codes and _within(petition.handling_unit, user.unit)


def _open_review_unit(petition: Petition) -> Unit | None:
    review = (
        Review.objects.filter(petition=petition, answered_on__isnull=True)
        .select_related("reviewing_unit")
        .first()
    )
    return review.reviewing_unit if review else None


def _stale() -> Conflict:
    return Conflict(
        "该事项刚刚已被他人办理或修改，您的操作未保存。请刷新页面查看最新情况后重试。",
        code="stale_version",
    )


def may_act(user: User, petition: Petition, transition: Transition) -> bool:
    """May `user` take `transition` on `petition`? Roles first, then the user's place."""
    if user.is_superuser:
        return True
    if not user.is_active or user.unit is None or not (transition.roles & user.role_codes):
        return False
    owner = _within(petition.unit, user.unit)
    receiver = _within(petition.handling_unit, user.unit)
    match transition.actor:
        case Actor.OWNER:
            return owner
        case Actor.RECEIVER:
            return receiver
        case Actor.STAFF:
            return owner or receiver
        case Actor.HANDLER:
            return petition.handler_id == user.pk or _leads_handling(user, petition)
        case Actor.LEADER:
            return petition.responsible_leader_id == user.pk or _leads_handling(user, petition)
        case Actor.REVIEWER:
            return _within(_open_review_unit(petition), user.unit)
    return False


def actions_for(user: User, petition: Petition) -> list[Transition]:
    """The transitions this user may take now (the buttons on the case page)."""
    return [
        t
        for t in TRANSITIONS.values()
        if petition.status in t.sources
        and _review_allows(petition, t.action)
        and may_act(user, petition, t)
    ]


def _review_allows(petition: Petition, action: str) -> bool:
    """Review once, then re-review once after the review is answered (Art.35–36). Reads the
    prefetched reviews of the case page, so the buttons cost no query per case."""
    if action not in ("request_review", "request_rereview"):
        return True
    levels = {r.level: r for r in petition.reviews.all()}
    if action == "request_review":
        return "review" not in levels
    review = levels.get("review")
    return review is not None and review.answered_on is not None and "rereview" not in levels


def transition(
    *,
    petition: Petition,
    action: str,
    acting_user: User,
    expected_version: int | None,
    fields: dict[str, Any] | None = None,
    text: str = "",
    changes: dict[str, Any] | None = None,
) -> Petition:
    """Move `petition` along `action` if the table allows it from the current status and the user
    may act; optimistic: when `expected_version` is stale nothing is written and the user is
    told to reload. Must run inside the caller's transaction (every service is atomic)."""
    t = TRANSITIONS[action]
    if expected_version is not None and expected_version != petition.version:
        raise _stale()
    if petition.status not in t.sources:
        raise ApplicationError(
            f"该事项当前状态为“{Status(petition.status).label}”，不能执行“{t.label}”。"
            "请刷新页面查看最新状态。",
            code="invalid_transition",
        )
    if not may_act(acting_user, petition, t):
        raise PermissionDenied(f"您无权对该事项执行“{t.label}”。如需办理，请联系承办单位或领导。")
    version = petition.version if expected_version is None else expected_version
    updates = dict(fields or {})
    updated = Petition.objects.filter(pk=petition.pk, version=version).update(
        status=t.target, version=F("version") + 1, updated_at=timezone.now(), **updates
    )
    if updated != 1:
        raise _stale()
    old = petition.status
    for name, value in updates.items():
        setattr(petition, name, value)
    petition.status, petition.version = t.target, version + 1
    event_add(
        petition=petition,
        kind=EventKind.TRANSITION,
        action=action,
        actor=acting_user,
        from_status=old,
        to_status=t.target,
        text=text,
        changes=changes or {},
    )
    return petition


def touch(*, petition: Petition, expected_version: int | None) -> None:
    """Bump the version for a change that is not a status change (extension, note) so a second
    clerk acting on the same stale page is told to reload."""
    version = petition.version if expected_version is None else expected_version
    if (
        Petition.objects.filter(pk=petition.pk, version=version).update(version=F("version") + 1)
        != 1
    ):
        raise _stale()
    petition.version = version + 1


STAFF_ROLES = frozenset({"clerk", "handler", "leader"})


def may_work_on(user: User, petition: Petition, *, roles: frozenset[str] = STAFF_ROLES) -> bool:
    """Staff of the registering or handling side (or the case's handler and leader) holding one
    of `roles`: who may add notes, attachments, return visits — and see full personal data."""
    if user.is_superuser:
        return True
    return (
        user.is_active
        and user.unit is not None
        and bool(roles & user.role_codes)
        and (
            _within(petition.unit, user.unit)
            or _within(petition.handling_unit, user.unit)
            or petition.handler_id == user.pk
            or petition.responsible_leader_id == user.pk
        )
    )


def require_staff(user: User, petition: Petition, *, roles: frozenset[str], what: str) -> None:
    """For actions that are not status changes: staff of the registering or handling side."""
    if not may_work_on(user, petition, roles=roles):
        raise PermissionDenied(f"您无权{what}。如需办理，请联系登记单位或承办单位。")
