"""Orgs' rows of the authorization matrix (`huajie/common/authz.py`)."""

from __future__ import annotations

from huajie.common.authz import POSTED, SUBTREE, Access, Row, Target, World, api, owner_for

UNIT_WRITERS = frozenset({"admin", "leader", "commander"})


def unit(world: World, relation: str) -> Target:
    # A unit is never assigned: "assigned" names the sibling.
    return Target({"pk": owner_for(world, relation).pk})


def workgroup(world: World, relation: str) -> Target:
    from .models import WorkGroup, WorkGroupMember

    secret = f"矩阵机密{relation}工作组"
    group = WorkGroup.objects.create(unit=owner_for(world, relation), kind="work", name=secret)
    if relation == "assigned":
        WorkGroupMember.objects.create(
            group=group, position="member", name="成员", unit=world.units["own"]
        )
    return Target({"pk": group.pk}, secret)


RECORDS = {"unit": unit, "workgroup": workgroup}

ROWS = [
    Row("orgs:index", {"GET": Access()}),
    # The statutory calendar is public (AllowAny): missing parameters are 400 for anyone.
    Row(
        "api:calendar-deadline", {"GET": api(ok=frozenset({200, 400}), anon=frozenset({200, 400}))}
    ),
    Row("api:unit-list", {"GET": api()}),
    Row("api:unit-detail", {"GET": api(reads=SUBTREE)}, record="unit"),
    Row("api:workgroup-list", {"GET": api()}),
    Row(
        "api:workgroup-detail",
        {
            "GET": api(),
            # An empty body is refused for its fields (400) before the write rule (403).
            "PUT": api(ok=POSTED),
            "PATCH": api(ok=POSTED, roles=UNIT_WRITERS, writes=SUBTREE),
        },
        record="workgroup",
    ),
]
