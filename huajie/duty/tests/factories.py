"""A small county with duty staff: the county, a town that keeps a roster, a sibling town."""

from __future__ import annotations

from dataclasses import dataclass

from huajie.orgs.models import RoleCode, Unit, UnitKind, User
from huajie.orgs.tests.factories import make_unit, make_user

from ..models import DutyPost


@dataclass
class DutyCounty:
    county: Unit
    town: Unit
    other_town: Unit
    county_duty: User  # the county duty room: files nothing, sees every town
    county_leader: User
    officer: User
    officer2: User
    officer3: User
    leader: User
    leader2: User
    other_officer: User


def _named(user: User, name: str, phone: str) -> User:
    user.full_name, user.phone = name, phone
    user.save(update_fields=["full_name", "phone"])
    return user


def make_duty_county() -> DutyCounty:
    county = make_unit("清河县人民政府", kind=UnitKind.GOVERNMENT)
    town = make_unit("城关镇人民政府", parent=county, kind=UnitKind.TOWN)
    other = make_unit("石门乡人民政府", parent=county, kind=UnitKind.TOWN)
    DutyPost.objects.create(unit=town, duty_phone="0731-8860 5001")
    DutyPost.objects.create(unit=other, duty_phone="0731-8860 5002")
    return DutyCounty(
        county=county,
        town=town,
        other_town=other,
        county_duty=_named(make_user(county, RoleCode.DUTY_OFFICER), "县值班员", "13900000001"),
        county_leader=_named(make_user(county, RoleCode.LEADER), "县领导", "13900000002"),
        officer=_named(make_user(town, RoleCode.DUTY_OFFICER), "刘洋", "13900000011"),
        officer2=_named(make_user(town, RoleCode.DUTY_OFFICER), "周敏", "13900000012"),
        officer3=_named(make_user(town, RoleCode.DUTY_OFFICER), "吴刚", "13900000013"),
        leader=_named(make_user(town, RoleCode.LEADER), "孙镇长", "13900000021"),
        leader2=_named(make_user(town, RoleCode.LEADER), "钱书记", "13900000022"),
        other_officer=_named(make_user(other, RoleCode.DUTY_OFFICER), "石门值班员", "13900000031"),
    )
