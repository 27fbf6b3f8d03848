"""Factories for the organisation tree (units go through orgs.services so paths are real) and
the small county every module's tests use."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from huajie.orgs import services
from huajie.orgs.models import Role, RoleCode, Unit, UnitKind, User

_seq = itertools.count(1)


def make_unit(
    name: str | None = None, *, parent: Unit | None = None, kind: str = UnitKind.DEPARTMENT
) -> Unit:
    n = next(_seq)
    return services.unit_create(
        name=name or f"测试单位{n}", code=f"T{n}", kind=kind, parent=parent, acting_user=None
    )


def make_user(unit: Unit | None, *roles: str, username: str | None = None) -> User:
    user = User.objects.create_user(
        username=username or f"user{next(_seq)}", password="Test-Passw0rd!", full_name="测试用户"
    )
    user.unit = unit
    user.save(update_fields=["unit"])
    if roles:
        labels = dict(RoleCode.choices)
        user.roles.set(
            [
                Role.objects.get_or_create(code=code, defaults={"name": labels[code]})[0]
                for code in roles
            ]
        )
    return user


VALID_IDS = [  # checksums valid under GB 11643-1999 (checked with python-stdnum)
    "11010519491231002X",
    "110101199003070134",
    "420102198506121014",
    "440304199511053038",
    "110101198001010010",
    "110102197512010022",
]


@dataclass
class County:
    """A small county every module's tests start from: the government, its petition office, two
    departments (one a sibling that sees nothing of the others' records) and their people."""

    county: Unit
    office: Unit  # 信访局: registers
    dept: Unit  # 住建局: handles
    other_dept: Unit  # 人社局: sibling, sees nothing of the above
    clerk: User
    office_leader: User
    handler: User
    dept_leader: User
    county_leader: User
    outsider: User


def make_county() -> County:
    county = make_unit("清河县人民政府", kind=UnitKind.GOVERNMENT)
    office = make_unit("清河县信访局", parent=county, kind=UnitKind.PETITION_OFFICE)
    dept = make_unit("清河县住建局", parent=county)
    other = make_unit("清河县人社局", parent=county)
    return County(
        county=county,
        office=office,
        dept=dept,
        other_dept=other,
        clerk=make_user(office, RoleCode.CLERK),
        office_leader=make_user(office, RoleCode.LEADER),
        handler=make_user(dept, RoleCode.HANDLER),
        dept_leader=make_user(dept, RoleCode.LEADER),
        county_leader=make_user(county, RoleCode.LEADER),
        outsider=make_user(other, RoleCode.CLERK, RoleCode.LEADER),
    )


def unscheduled_year() -> int:
    """The first year the installed chinesecalendar package has no schedule for (2027 with 1.11):
    tests of the refusal of such a year take it from here, so a package release changes nothing."""
    from huajie.deadlines import schedules_from_chinesecalendar

    return max(schedules_from_chinesecalendar()) + 1
