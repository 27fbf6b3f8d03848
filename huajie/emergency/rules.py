"""Who may do what in the emergency module: the one place a permission is decided.

Command: a commander or leader of the commanding unit (the plan's) or of the receiving unit, or
above either; the incident's named commander. Responders act on their own call-out only. Plans
are written by commanders, leaders and admins of the plan's unit. A hazard is rectified by its
responsible person or staff of its unit, and re-checked by anyone of its unit or the supervising
unit except the person who rectified it (复查销号)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from huajie.orgs.models import RoleCode, Unit, User

from .models import (
    INCIDENT_WRITERS_ROLES,
    GroupKind,
    Hazard,
    Incident,
    IncidentResponder,
    Plan,
    PlanMember,
)
from .states import Actor

COMMAND_ROLES = frozenset({RoleCode.COMMANDER, RoleCode.LEADER})
PLAN_ROLES = frozenset({RoleCode.COMMANDER, RoleCode.LEADER, RoleCode.ADMIN})
REPORT_ROLES = frozenset({RoleCode.COMMANDER, RoleCode.LEADER, RoleCode.DUTY_OFFICER})


def within(unit: Unit | None, ancestor: Unit | None) -> bool:
    return unit is not None and ancestor is not None and unit.path.startswith(ancestor.path)


def _staff(user: User, roles: frozenset[str]) -> bool:
    return user.is_superuser or (
        user.is_active and user.unit_id is not None and bool(roles & user.role_codes)
    )


def may_report(user: User) -> bool:
    """Register an incident (接报): duty officers, commanders, leaders."""
    return _staff(user, REPORT_ROLES)


def commands(user: User, incident: Incident) -> bool:
    """The incident's commander; a commander or leader of the commanding or receiving unit (or
    above); a member of the plan's 指挥部."""
    if user.is_superuser or incident.commander_id == user.pk:
        return True
    if _staff(user, COMMAND_ROLES) and (
        within(incident.command_unit, user.unit) or within(incident.unit, user.unit)
    ):
        return True
    return (
        user.is_active
        and PlanMember.objects.filter(
            group__version_id=incident.plan_version_id, group__kind=GroupKind.COMMAND, user=user
        ).exists()
    )


def may_log(user: User, incident: Incident) -> bool:
    """Write in the on-scene log: the command and every responder called out."""
    return commands(user, incident) or any(r.user_id == user.pk for r in incident.responders.all())


def may_report_upward(user: User, incident: Incident) -> bool:
    return commands(user, incident) or any(
        r.user_id == user.pk and r.group_kind != "work" for r in incident.responders.all()
    )


def is_responder(user: User, responder: IncidentResponder) -> bool:
    return responder.user_id == user.pk


def may_edit_plan(user: User, plan: Plan) -> bool:
    return _staff(user, PLAN_ROLES) and (user.is_superuser or within(plan.unit, user.unit))


def may_create_plan(user: User) -> bool:
    return _staff(user, PLAN_ROLES)


def may_inspect(user: User, unit: Unit) -> bool:
    return _staff(user, INCIDENT_WRITERS_ROLES) and (user.is_superuser or within(unit, user.unit))


def _rectifier(user: User, hazard: Hazard) -> bool:
    return hazard.responsible_id == user.pk or within(hazard.unit, user.unit)


def _checker(user: User, hazard: Hazard) -> bool:
    if hazard.rectified_by_id == user.pk:
        return False
    return within(hazard.unit, user.unit) or within(hazard.supervisor_unit, user.unit)


def _command(user: User, incident: Any) -> bool:
    return commands(user, incident)


ACTORS: dict[str, Callable[[User, Any], bool]] = {
    Actor.COMMAND: _command,
    Actor.RECTIFIER: _rectifier,
    Actor.CHECKER: _checker,
}
