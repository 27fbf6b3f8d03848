"""Who may do what on a petition: the one place a permission is decided.

The actor rules of the state table (`states.Actor`) and the rules of the actions that are not status
changes (延期, 调查记录, 批示, 催办, 督办, 回访, 上传材料, 查看完整信息, 采用本案联系方式) are plain
predicates over the case as the selector loads it (reviews and clocks prefetched). The action
registry (`petitions.actions`) offers an action when its rule holds; the service checks the same
rule and refuses with a sentence, so the screen, the API and the service never disagree.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from huajie.orgs.models import RoleCode, Unit, User

from .models import ClockKind, Petition, PetitionClock, Review
from .states import OPEN_STATUSES, Actor, Status

STAFF_ROLES = frozenset({RoleCode.CLERK, RoleCode.HANDLER, RoleCode.LEADER})
FRONT_ROLES = frozenset({RoleCode.CLERK, RoleCode.LEADER})
LEADER_ROLES = frozenset({RoleCode.LEADER})
EXTENDABLE = frozenset({Status.ACCEPTED, Status.ASSIGNED, Status.HANDLING})
AFTER_REPLY = frozenset({Status.REPLIED, Status.EVALUATED, Status.CLOSED, Status.ARCHIVED})


def within(unit: Unit | None, ancestor: Unit | None) -> bool:
    return unit is not None and ancestor is not None and unit.path.startswith(ancestor.path)


def leads_handling(user: User, petition: Petition) -> bool:
    return RoleCode.LEADER in user.role_codes and within(petition.handling_unit, user.unit)


def open_review(petition: Petition) -> Review | None:
    """The review or re-review waiting for its answer (reads the prefetched reviews)."""
    return next((r for r in petition.reviews.all() if r.answered_on is None), None)


def _owner(user: User, petition: Petition) -> bool:
    return within(petition.unit, user.unit)


def _receiver(user: User, petition: Petition) -> bool:
    return within(petition.handling_unit, user.unit)


def _handler(user: User, petition: Petition) -> bool:
    return petition.handler_id == user.pk or leads_handling(user, petition)


def _leader(user: User, petition: Petition) -> bool:
    return petition.responsible_leader_id == user.pk or leads_handling(user, petition)


def _reviewer(user: User, petition: Petition) -> bool:
    review = open_review(petition)
    return review is not None and within(review.reviewing_unit, user.unit)


ACTORS: dict[str, Callable[[User, Petition], bool]] = {
    Actor.OWNER: _owner,
    Actor.RECEIVER: _receiver,
    Actor.STAFF: lambda user, petition: _owner(user, petition) or _receiver(user, petition),
    Actor.HANDLER: _handler,
    Actor.LEADER: _leader,
    Actor.REVIEWER: _reviewer,
}


def may_route_to(petition: Petition, unit: Unit) -> bool:
    """检举控告: a case is never transferred or assigned to the accused unit (被反映单位) or a
    unit under it."""
    accused = petition.accused_unit
    return accused is None or not unit.is_within(accused)


def may_work_on(user: User, petition: Petition, *, roles: frozenset[str] = STAFF_ROLES) -> bool:
    """Staff of the registering or handling side (or the case's handler and leader) holding one
    of `roles`: who may add notes, attachments and return visits."""
    if user.is_superuser:
        return True
    return (
        user.is_active
        and user.unit is not None
        and bool(roles & user.role_codes)
        and (
            within(petition.unit, user.unit)
            or within(petition.handling_unit, user.unit)
            or petition.handler_id == user.pk
            or petition.responsible_leader_id == user.pk
        )
    )


def review_history_allows(petition: Petition, action: str) -> bool:
    """Review once, then re-review once after the review is answered (Art.35–36)."""
    levels = {r.level: r for r in petition.reviews.all()}
    if action == "request_review":
        return "review" not in levels
    if action == "request_rereview":
        review = levels.get("review")
        return review is not None and review.answered_on is not None and "rereview" not in levels
    return True


# What an anonymous item (匿名) cannot have: nobody can rate the reply or be visited.
ANONYMOUS_REFUSALS = {
    "evaluate": "匿名件没有可以评价答复的信访人，答复后可直接办结。",
    "return_visit": "匿名件没有信访人的姓名和联系方式，无法回访。",
}


def anonymous_allows(petition: Petition, action: str) -> bool:
    return not (petition.is_anonymous and action in ANONYMOUS_REFUSALS)


def handling_clock(petition: Petition) -> PetitionClock | None:
    running = [c for c in petition.clocks.all() if c.kind == ClockKind.HANDLING and c.is_open]
    return max(running, key=lambda c: c.round, default=None)


def is_responsible_head(user: User, petition: Petition) -> bool:
    """The case's responsible leader, or a leader over the unit deciding it (Art.34: 经本机关、
    单位负责人批准)."""
    deciding = petition.handling_unit or petition.unit
    return (
        user.is_superuser
        or petition.responsible_leader_id == user.pk
        or (RoleCode.LEADER in user.role_codes and within(deciding, user.unit))
    )


def may_extend(user: User, petition: Petition, *, today: date) -> bool:
    """延期: while the handling limit runs, before it expires, once, by the responsible head."""
    clock = handling_clock(petition)
    return (
        petition.status in EXTENDABLE
        and clock is not None
        and clock.due is not None
        and not clock.extension_days
        and today <= clock.due
        and is_responsible_head(user, petition)
    )


def extension_told(petition: Petition) -> Any:
    """The event that told the petitioner of the extension (Art.34: 告知信访人延期理由): the
    延期告知书 issued, or the telling recorded with how; None while nobody has been told.
    Reads the prefetched events."""
    for event in petition.events.all():
        document = (event.changes or {}).get("document") or [None, None]
        issued = isinstance(document[1], dict) and document[1].get("kind") == "extension"
        if event.action == "extension_notice" or (event.action == "document_issue" and issued):
            return event
    return None


def extended(petition: Petition) -> bool:
    return any(c.kind == ClockKind.HANDLING and c.extension_days for c in petition.clocks.all())


def may_record_extension_notice(user: User, petition: Petition) -> bool:
    """记录延期告知: once the limit is extended, until the petitioner is told (never for an
    anonymous item: nobody to tell)."""
    return (
        not petition.is_anonymous
        and extended(petition)
        and extension_told(petition) is None
        and may_work_on(user, petition)
    )


def may_note(user: User, petition: Petition) -> bool:
    return petition.status != Status.ARCHIVED and may_work_on(user, petition)


def may_instruct(user: User, petition: Petition) -> bool:
    return user.has_role(RoleCode.LEADER) and may_work_on(user, petition, roles=LEADER_ROLES)


def may_supervise(user: User, petition: Petition) -> bool:
    return (
        petition.handling_unit_id is not None
        and petition.status in OPEN_STATUSES
        and may_work_on(user, petition, roles=FRONT_ROLES)
    )


def may_return_visit(user: User, petition: Petition) -> bool:
    return (
        petition.status in AFTER_REPLY
        and anonymous_allows(petition, "return_visit")
        and may_work_on(user, petition)
    )


def may_adopt_contact(user: User, petition: Petition) -> bool:
    """采用本案联系方式: the registering unit's clerks and leaders, when a contact given on this
    case (the portal) differs from a petitioner's file (reads the prefetched parties)."""
    front = user.is_active and bool(FRONT_ROLES & user.role_codes) and _owner(user, petition)
    return (
        (front or user.is_superuser)
        and petition.status != Status.ARCHIVED
        and any(party.contact_changes() for party in petition.parties.all())
    )


def may_attach(user: User, petition: Petition) -> bool:
    return may_work_on(user, petition)


def may_hold_hearing(user: User, petition: Petition, *, paused: bool) -> bool:
    """听证 during re-review (Art.36: hearing time is not counted): the re-reviewing organ pauses
    the answer clock when a hearing starts (`paused=False` asks "may pause") and resumes it."""
    if petition.status != Status.UNDER_REREVIEW:
        return False
    clock = next(
        (c for c in petition.clocks.all() if c.kind == ClockKind.REREVIEW_ANSWER and c.is_open),
        None,
    )
    if clock is None or (clock.paused_on is not None) != paused:
        return False
    return user.is_superuser or (bool(STAFF_ROLES & user.role_codes) and _reviewer(user, petition))


def may_view_full(user: User, petition: Petition, *, acts: bool) -> bool:
    """Full ID and phone numbers (个人信息保护法): the registrar, the handler and the responsible
    leader, a leader over the case, and anyone who can change its status now (`acts`)."""
    involved = {petition.handler_id, petition.responsible_leader_id, petition.registered_by_id}
    return user.pk in involved or may_work_on(user, petition, roles=LEADER_ROLES) or acts


def may_issue_document(user: User, petition: Petition, subject: Any) -> bool:
    """出具文书 draws the issuing organ's number: only its own staff (clerk, handler or leader of
    that unit or a unit above it) may do so — never a handler of another unit who only reads the
    case."""
    if user.is_superuser:
        return True
    unit = getattr(subject, "unit", None)
    return user.is_active and bool(STAFF_ROLES & user.role_codes) and within(unit, user.unit)
