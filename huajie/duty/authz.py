"""Duty's rows of the authorization matrix (`huajie/common/authz.py`)."""

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

LOGGERS = frozenset({"duty_officer", "leader"})

_seq = itertools.count(1)
ZONE = ZoneInfo("Asia/Shanghai")


def log_entry(world: World, relation: str) -> Target:
    from .models import DutyLogEntry

    secret = f"矩阵机密值班记录{next(_seq):03d}号"
    entry = DutyLogEntry.objects.create(
        unit=owner_for(world, relation),
        received_at=datetime(2025, 11, 3, 9, 30, tzinfo=ZONE),
        channel="phone",
        caller_name="矩阵来电人",
        content=secret,
        recorded_by=world.users["duty_officer"],
    )
    return Target({"pk": entry.pk}, secret)


def roster(world: World, relation: str) -> Target:
    from .models import RosterMonth

    month = date(2025, 1 + RELATIONS.index(relation), 1)  # "assigned" shares the sibling's unit
    item = RosterMonth.objects.create(unit=owner_for(world, relation), month=month)
    # What the API's publish / revise ask for, so the answer is the record's, not the body's.
    return Target({"pk": item.pk}, body={"reason": "矩阵修订", "note": ""})


def _person(world: World, relation: str) -> Any:
    """Someone of the relation's unit (never one of the matrix's users)."""
    from django.contrib.auth import get_user_model

    key = ("duty_person", relation)
    if key not in world.cache:
        person = get_user_model().objects.create_user(
            username=f"authz-duty-person-{relation}", password=None, full_name="矩阵值班员"
        )
        person.unit = owner_for(world, relation)
        person.save()
        world.cache[key] = person
    return world.cache[key]


def _slot(world: World, relation: str) -> Any:
    from .models import DutySlot, RosterMonth

    n = next(_seq)
    unit = owner_for(world, relation)
    item = RosterMonth.objects.create(unit=unit, month=date(2000 + n, 1, 1))  # one month each
    start = datetime(2000 + n, 1, 5, 8, 30, tzinfo=ZONE)
    return DutySlot.objects.create(
        roster=item, unit=unit, day=start.date(), label="白班", starts_at=start,
        ends_at=start.replace(hour=17), day_kind="workday",
    )  # fmt: skip


def slot(world: World, relation: str) -> Target:
    item = _slot(world, relation)
    return Target({"pk": item.pk}, body={"user": world.users["duty_officer"].pk, "role": "officer"})


def swap(world: World, relation: str) -> Target:
    from .models import SwapRequest

    secret = f"矩阵机密换班事由{next(_seq):03d}号"
    person = _person(world, relation)
    item = SwapRequest.objects.create(
        unit=owner_for(world, relation), slot=_slot(world, relation), role="officer",
        requester=person, counterpart=person, reason=secret,
    )  # fmt: skip
    return Target({"pk": item.pk}, secret)


def leave(world: World, relation: str) -> Target:
    from .models import LeaveRequest

    secret = f"矩阵机密请假事由{next(_seq):03d}号"
    item = LeaveRequest.objects.create(
        unit=owner_for(world, relation), user=_person(world, relation),
        starts_on=date(2025, 12, 1), ends_on=date(2025, 12, 2), reason=secret,
    )  # fmt: skip
    return Target({"pk": item.pk}, secret, body={"approve": False, "note": "矩阵不予批准"})


def definition(world: World, relation: str) -> Target:
    """A report asked by the relation's unit; an "assigned" one is asked of own."""
    from .models import ReportDefinition

    secret = f"矩阵机密报送要求{next(_seq):03d}号"
    item = ReportDefinition.objects.create(
        unit=owner_for(world, relation), name=secret, times=["17:00"], days="every_day"
    )
    if relation == "assigned":
        item.units.add(world.units["own"])
    return Target({"pk": item.pk}, secret)


def period(world: World, relation: str) -> Target:
    from .models import SpecialPeriod

    secret = f"矩阵机密特护期{next(_seq):03d}号"
    item = SpecialPeriod.objects.create(
        unit=owner_for(world, relation), name=secret, starts_on=date(2025, 12, 1),
        ends_on=date(2025, 12, 7),
    )  # fmt: skip
    return Target({"pk": item.pk}, secret)


RECORDS = {
    "duty_log": log_entry,
    "duty_roster": roster,
    "duty_slot": slot,
    "duty_swap": swap,
    "duty_leave": leave,
    "duty_definition": definition,
    "duty_period": period,
}
# Who sets up report definitions (ReportDefinition.scope) and special periods (SpecialPeriod's).
DEFINERS = frozenset({"leader", "duty_officer"})
PERIOD_SETTERS = frozenset({"leader"})

PAGE = Access()
FORM = {"GET": PAGE, "POST": Access(ok=POSTED)}
# Duty records are never assigned to another unit: a record is read in its unit's subtree.
MINE = Access(reads=SUBTREE)
MINE_FORM = {"GET": MINE, "POST": Access(ok=POSTED, reads=SUBTREE)}
# A form that names its record in the body: an empty one names none (404, as a hidden one).
NAMED = {"GET": PAGE, "POST": Access(ok=POSTED | {404})}

ROWS = [
    Row("duty:index", {"GET": PAGE}),
    Row("duty:desk", {"GET": PAGE}),
    Row("duty:now", {"GET": PAGE}),
    Row("duty:log_list", {"GET": PAGE}),
    Row("duty:log_new", {"GET": Access(roles=LOGGERS), "POST": Access(ok=POSTED, roles=LOGGERS)}),
    Row("duty:log_detail", MINE_FORM, record="duty_log"),
    Row("duty:log_close", {"POST": Access(ok=POSTED, reads=SUBTREE)}, record="duty_log"),
    Row("duty:rosters", FORM),
    Row("duty:patterns", {"GET": PAGE, "POST": Access(ok=POSTED, roles=DEFINERS)}),
    Row("duty:roster", MINE_FORM, record="duty_roster"),
    Row("duty:roster_print", {"GET": MINE}, record="duty_roster"),
    Row("duty:roster_xlsx", {"GET": MINE}, record="duty_roster"),
    Row("duty:reports", NAMED),
    Row("duty:matrix", {"GET": PAGE}),
    Row("duty:summary", {"GET": PAGE}),
    Row("duty:handover", FORM),
    Row("duty:swaps", NAMED),
    Row("duty:leave", FORM),
    Row("duty:spot_checks", NAMED),
    Row("duty:directory", FORM),
    Row("duty:receptions", FORM),
    Row("duty:ical_link", {"GET": PAGE}),
    Row(
        "duty:ical",
        {m: Access(ok=frozenset({404}), anon=frozenset({404})) for m in ("GET", "POST")},
        kwargs={"token": "forged"},
        note="the signed token is the key; a forged one is 404 for everyone",
    ),
    Row("duty:definitions", {"GET": PAGE}),
    Row(
        "duty:definition_new",
        {"GET": Access(roles=DEFINERS), "POST": Access(ok=POSTED, roles=DEFINERS)},
    ),
    Row(
        "duty:definition_edit",
        {
            "GET": Access(roles=DEFINERS, writes=SUBTREE),
            "POST": Access(ok=POSTED, roles=DEFINERS, writes=SUBTREE),
        },
        record="duty_definition",
        note="read where it is asked of (assigned); edited by the asking unit's subtree only",
    ),
    Row("duty:periods", {"GET": PAGE}),
    Row(
        "duty:period_new",
        {"GET": Access(roles=PERIOD_SETTERS), "POST": Access(ok=POSTED, roles=PERIOD_SETTERS)},
    ),
    Row(
        "duty:period_edit",
        {
            "GET": Access(roles=PERIOD_SETTERS, reads=SUBTREE),
            "POST": Access(ok=POSTED, roles=PERIOD_SETTERS, reads=SUBTREE),
        },
        record="duty_period",
    ),
    Row("duty:rota", FORM),
    Row("api:duty-now", {"GET": api()}),
    Row("api:duty-log", {"GET": api(), "POST": api(ok=POSTED)}),
    Row("api:duty-log-detail", {"GET": api(reads=SUBTREE)}, record="duty_log"),
    Row("api:duty-reports", {"GET": api(), "POST": api(ok=POSTED)}),
    Row("api:duty-matrix", {"GET": api(ok=frozenset({200, 404}))}, note="404: no definition"),
    Row("api:duty-rosters", {"GET": api()}),
    Row("api:duty-roster-detail", {"GET": api(reads=SUBTREE)}, record="duty_roster"),
    # An empty body is refused before anything is looked up.
    Row("api:duty-roster-generate", {"POST": api(ok=frozenset({400}), denied=frozenset({400}))}),
    Row("api:duty-roster-publish", {"POST": api(ok=ACTED, reads=SUBTREE)}, record="duty_roster"),
    Row("api:duty-roster-revise", {"POST": api(ok=ACTED, reads=SUBTREE)}, record="duty_roster"),
    Row("api:duty-assign", {"POST": api(ok=ACTED, reads=SUBTREE)}, record="duty_slot"),
    Row("api:duty-my-shifts", {"GET": api()}),
    Row(
        "api:duty-swaps", {"GET": api(), "POST": api(ok=frozenset({400}), denied=frozenset({400}))}
    ),
    Row(
        "api:duty-swap-action",
        {"POST": api(ok=ACTED, reads=SUBTREE)},
        record="duty_swap",
        kwargs={"action": "cancel"},
    ),
    Row(
        "api:duty-leave", {"GET": api(), "POST": api(ok=frozenset({400}), denied=frozenset({400}))}
    ),
    Row("api:duty-leave-decide", {"POST": api(ok=ACTED, reads=SUBTREE)}, record="duty_leave"),
    Row("api:duty-periods", {"GET": api()}),
    Row("api:duty-definitions", {"GET": api()}),
]
