"""Emergency's rows of the authorization matrix (`huajie/common/authz.py`)."""

from __future__ import annotations

import itertools
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from huajie.common.authz import (
    ACTED,
    POSTED,
    RELATIONS,
    SUBTREE,
    Access,
    Row,
    Target,
    World,
    api,
    owner_for,
)

from .actions import HAZARD_ACTIONS, INCIDENT_ACTIONS

ZONE = ZoneInfo("Asia/Shanghai")
REPORTERS = frozenset({"duty_officer", "commander", "leader"})  # rules.REPORT_ROLES
PLANNERS = frozenset({"commander", "leader", "admin"})  # rules.PLAN_ROLES

_seq = itertools.count(1)


def _plan(world: World, relation: str) -> tuple[Any, Any, str]:
    """A plan of the relation's unit (an "assigned" plan: of the sibling, for own's area) with
    one draft version and one incident type; no member, so it reveals no incident."""
    from .models import Plan, PlanIncidentType, PlanVersion

    secret = f"矩阵机密预案{next(_seq):03d}号"
    owner = owner_for(world, relation)
    area = world.units["own"] if relation == "assigned" else owner
    plan = Plan.objects.create(unit=owner, area_unit=area, name=secret)
    version = PlanVersion.objects.create(
        plan=plan, number=1, title=secret, issuing_organ="矩阵县人民政府办公室",
        scope_text="本县行政区域", principles="以人为本", command_name="矩阵应急指挥部",
        created_by=world.users["commander"],
    )  # fmt: skip
    itype = PlanIncidentType.objects.create(version=version, name="矩阵火灾")
    return plan, (version, itype), secret


def _incident(world: World, relation: str) -> tuple[Any, str]:
    from .models import Incident

    n = next(_seq)
    secret = f"矩阵机密事件{n:03d}号"
    owner = owner_for(world, relation)
    _, (version, itype), _ = _plan(world, "sibling" if relation == "assigned" else relation)
    incident = Incident.objects.create(
        unit=owner,
        command_unit=world.units["own"] if relation == "assigned" else owner,
        reg_no=f"MX-YJ-{n:05d}", title=secret, incident_type=itype, plan_version=version,
        place="矩阵镇矩阵村", description=f"{secret}：大殿起火。", source="duty",
        received_at=datetime(2025, 11, 3, 9, 30, tzinfo=ZONE),
        reported_by=world.users["duty_officer"],
    )  # fmt: skip
    return incident, secret


def incident(world: World, relation: str) -> Target:
    item, secret = _incident(world, relation)
    return Target({"pk": item.pk}, secret, body={"version": item.version, "grade": 4})


def responder(world: World, relation: str) -> Target:
    """A call-out of a person of the relation's unit: only that person answers it (the matrix's
    users are never the one called out, so it is 404 to every one of them)."""
    from django.contrib.auth import get_user_model

    from .models import IncidentResponder

    item, secret = _incident(world, relation)
    person = get_user_model().objects.create_user(
        username=f"authz-em-responder-{relation}", password=None, full_name="矩阵组员"
    )
    person.unit = owner_for(world, relation)
    person.save()
    called = IncidentResponder.objects.create(
        incident=item, group_name="现场处置组", group_kind="work", position="member",
        user=person, unit=person.unit, ack_minutes=10, arrive_minutes=30,
        notified_at=datetime(2025, 11, 3, 9, 31, tzinfo=ZONE),
    )  # fmt: skip
    return Target({"pk": called.pk}, secret)


def plan(world: World, relation: str) -> Target:
    item, _, secret = _plan(world, relation)
    return Target({"pk": item.pk}, secret)


def plan_version(world: World, relation: str) -> Target:
    _, (version, _), secret = _plan(world, relation)
    return Target({"pk": version.pk}, secret)


def _place(world: World, relation: str) -> tuple[Any, str]:
    from .models import KeyPlace

    secret = f"矩阵机密场所{next(_seq):03d}号"
    item = KeyPlace.objects.create(
        unit=owner_for(world, relation), name=secret, checklist="安全出口畅通\n灭火器完好"
    )
    return item, secret


def place(world: World, relation: str) -> Target:
    item, secret = _place(world, relation)
    return Target({"pk": item.pk}, secret)


def inspection_plan(world: World, relation: str) -> Target:
    from .models import InspectionPlan

    where, secret = _place(world, relation)
    item = InspectionPlan.objects.create(
        unit=where.unit, place=where, name=secret, checklist="安全出口畅通", frequency="monthly",
        starts_on=date(2025, 11, 1), inspector=world.users["commander"],
        created_by=world.users["commander"],
    )  # fmt: skip
    return Target({"pk": item.pk}, secret)


def hazard(world: World, relation: str) -> Target:
    from .models import Hazard

    where, _ = _place(world, "sibling" if relation == "assigned" else relation)
    secret = f"矩阵机密隐患{next(_seq):03d}号"
    item = Hazard.objects.create(
        unit=owner_for(world, relation), place=where, item="安全出口畅通", description=secret,
        level="general", deadline=date(2025, 12, 1), responsible=world.users["duty_officer"]
        if relation == "own" else _person(world, relation),
        supervisor_unit=world.units["own"] if relation == "assigned" else None,
        created_by=world.users["commander"],
    )  # fmt: skip
    return Target({"pk": item.pk}, secret)


def _person(world: World, relation: str) -> Any:
    from django.contrib.auth import get_user_model

    key = ("em_person", relation)
    if key not in world.cache:
        person = get_user_model().objects.create_user(
            username=f"authz-em-person-{relation}", password=None, full_name="矩阵责任人"
        )
        person.unit = owner_for(world, relation)
        person.save()
        world.cache[key] = person
    return world.cache[key]


def corrective_action(world: World, relation: str) -> Target:
    from .models import CorrectiveAction

    secret = f"矩阵机密改进措施{next(_seq):03d}号"
    item = CorrectiveAction.objects.create(
        unit=owner_for(world, relation), text=secret, owner=_person(world, relation),
        due_on=date(2025, 12, 1),
    )  # fmt: skip
    return Target({"pk": item.pk}, secret)


RECORDS = {
    "em_incident": incident,
    "em_responder": responder,
    "em_plan": plan,
    "em_version": plan_version,
    "em_place": place,
    "em_inspection_plan": inspection_plan,
    "em_hazard": hazard,
    "em_action": corrective_action,
}

PAGE = Access()
FORM = {"GET": PAGE, "POST": Access(ok=POSTED)}
# An incident is read by its receiving unit's subtree and by the commanding unit ("assigned");
# acting on it is the service's rule (commands / may_log), a refusal a sentence on the page.
ACT = {"POST": Access(ok=ACTED)}
# Key places and corrective actions are never assigned: read in the subtree.
MINE_ACT = Access(ok=ACTED, reads=SUBTREE)
NOBODY = frozenset({404})
# Only the called-out person answers a call-out; to everyone else it does not exist.
NOT_MINE: dict[tuple[str | None, str | None], frozenset[int]] = {
    (None, r): NOBODY for r in RELATIONS
}
NOT_MINE[("admin", None)] = NOBODY

ROWS = [
    Row("emergency:index", {"GET": PAGE}),
    Row("emergency:incidents", {"GET": PAGE}),
    Row(
        "emergency:incident_new",
        {"GET": Access(roles=REPORTERS), "POST": Access(ok=POSTED, roles=REPORTERS)},
    ),
    Row("emergency:incident", {"GET": PAGE}, record="em_incident"),
    Row("emergency:incident_act", ACT, record="em_incident", kwargs={"action": "log"}),
    Row("emergency:callout", {"GET": PAGE}, record="em_incident"),
    Row(
        "emergency:incident_file",
        {"GET": Access(ok=NOBODY)},
        record="em_incident",
        kwargs={"file_pk": 999999},
        note="a file not the incident's is 404; its own: emergency/tests/test_files.py",
    ),
    Row(
        "emergency:responder_act",
        {"POST": Access(ok=POSTED, special=NOT_MINE)},
        record="em_responder",
        kwargs={"action": "ack"},
        note="only the called-out person; the matrix's users are never called out",
    ),
    Row("emergency:plans", {"GET": PAGE}),
    Row(
        "emergency:plan_new",
        {"GET": Access(roles=PLANNERS), "POST": Access(ok=POSTED, roles=PLANNERS)},
    ),
    Row("emergency:plan_revise", ACT, record="em_plan"),
    # A version is read where its plan is: the issuing unit's subtree and the applies-to unit
    # ("assigned"); only the issuing subtree's planners edit it (an applies-to planner: 403).
    Row("emergency:version", {"GET": PAGE}, record="em_version"),
    Row(
        "emergency:version_edit",
        {
            "GET": Access(roles=PLANNERS, writes=SUBTREE),
            "POST": Access(ok=ACTED, roles=PLANNERS, writes=SUBTREE),
        },
        record="em_version",
    ),
    Row("emergency:version_in_force", ACT, record="em_version"),
    Row("emergency:row_add", ACT, record="em_version", kwargs={"section": "group"}),
    Row(
        "emergency:row_delete",
        {"POST": Access(ok=NOBODY)},
        record="em_version",
        kwargs={"section": "group", "row_pk": 999999},
        note="a row that is not the version's is 404",
    ),
    Row("emergency:hazards", {"GET": PAGE}),
    Row("emergency:hazard_rates", {"GET": PAGE}),
    Row("emergency:hazard", {"GET": PAGE}, record="em_hazard"),
    Row("emergency:hazard_act", ACT, record="em_hazard", kwargs={"action": "rectify"}),
    Row(
        "emergency:hazard_file",
        {"GET": Access(ok=NOBODY)},
        record="em_hazard",
        kwargs={"file_pk": 999999},
        note="a file not the hazard's is 404; its own: emergency/tests/test_files.py",
    ),
    Row(
        "emergency:inspect",
        {
            "GET": Access(reads=SUBTREE, roles=REPORTERS),
            "POST": Access(ok=POSTED, reads=SUBTREE, roles=REPORTERS),
        },
        record="em_place",
    ),
    Row("emergency:inspections", FORM),
    Row(
        "emergency:plan_inspect",
        {
            "GET": Access(reads=SUBTREE, roles=REPORTERS),
            "POST": Access(ok=POSTED, reads=SUBTREE, roles=REPORTERS),
        },
        record="em_inspection_plan",
    ),
    Row("emergency:drills", FORM),
    Row("emergency:action_done", {"POST": MINE_ACT}, record="em_action"),
    Row("api:emergency-hazard-detail", {"GET": api()}, record="em_hazard"),
    *(
        Row(f"api:emergency-hazard-action-{a.name}", {"POST": api(ok=ACTED)}, record="em_hazard")
        for a in HAZARD_ACTIONS
    ),
    Row("api:emergency-incident-list", {"GET": api(), "POST": api(ok=POSTED)}),
    Row("api:emergency-incident-detail", {"GET": api()}, record="em_incident"),
    *(
        Row(
            f"api:emergency-incident-action-{a.name}", {"POST": api(ok=ACTED)}, record="em_incident"
        )
        for a in INCIDENT_ACTIONS
    ),
    Row(
        "api:emergency-responder-ack",
        {"POST": api(ok=POSTED, special=NOT_MINE)},
        record="em_responder",
    ),
    Row(
        "api:emergency-responder-arrive",
        {"POST": api(ok=POSTED, special=NOT_MINE)},
        record="em_responder",
    ),
]
