"""Factories for petitions: a small county with a petition office, a department and people."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from huajie.orgs.models import Unit, User
from huajie.orgs.tests.factories import make_unit, make_user
from huajie.petitions.models import Petition
from huajie.petitions.services import PetitionerInput, RegistrationInput, petition_register

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
    county = make_unit("清河县人民政府", kind="government")
    office = make_unit("清河县信访局", parent=county, kind="petition_office")
    dept = make_unit("清河县住建局", parent=county)
    other = make_unit("清河县人社局", parent=county)
    return County(
        county=county,
        office=office,
        dept=dept,
        other_dept=other,
        clerk=make_user(office, "clerk"),
        office_leader=make_user(office, "leader"),
        handler=make_user(dept, "handler"),
        dept_leader=make_user(dept, "leader"),
        county_leader=make_user(county, "leader"),
        outsider=make_user(other, "clerk", "leader"),
    )


def registration(**overrides: object) -> RegistrationInput:
    data = RegistrationInput(
        channel="visit",
        petition_class="complaint",
        title="小区外墙脱落无人维修",
        content="某小区3栋外墙瓷砖脱落，多次向物业反映无果，请求住建部门督促维修。",
        received_on=date(2025, 9, 30),
        petitioners=[PetitionerInput(name="刘桂兰", id_number=VALID_IDS[0], phone="13812345678")],
    )
    for key, value in overrides.items():
        setattr(data, key, value)
    return data


def register(c: County, **overrides: object) -> Petition:
    return petition_register(unit=c.office, data=registration(**overrides), acting_user=c.clerk)
