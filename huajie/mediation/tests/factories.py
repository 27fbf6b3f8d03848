"""A small town for mediation tests: the county, a town with its mediation committee and two
village committees, their mediators and leaders; `register` makes a dispute through the service."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from huajie.mediation import services
from huajie.mediation.models import Dispute, DisputeType, PartyKind, Procedure, Side, Source
from huajie.mediation.services import DisputeInput, PartyInput
from huajie.orgs.models import RoleCode, Unit, UnitKind, User
from huajie.orgs.tests.factories import VALID_IDS, County, make_county, make_unit, make_user


@dataclass
class Town:
    c: County
    town: Unit
    committee: Unit  # 镇人民调解委员会
    village: Unit
    other_village: Unit
    town_mediator: User
    village_mediator: User
    other_mediator: User
    town_leader: User


def make_town() -> Town:
    c = make_county()
    town = make_unit("城关镇人民政府", parent=c.county, kind=UnitKind.TOWN)
    committee = make_unit("城关镇人民调解委员会", parent=town, kind=UnitKind.MEDIATION)
    village = make_unit("西街村村民委员会", parent=town, kind=UnitKind.VILLAGE)
    other = make_unit("河口村村民委员会", parent=town, kind=UnitKind.VILLAGE)
    return Town(
        c=c,
        town=town,
        committee=committee,
        village=village,
        other_village=other,
        town_mediator=make_user(committee, RoleCode.MEDIATOR),
        village_mediator=make_user(village, RoleCode.MEDIATOR),
        other_mediator=make_user(other, RoleCode.MEDIATOR),
        town_leader=make_user(town, RoleCode.LEADER),
    )


def dispute_type(name: str = "相邻通行") -> DisputeType:
    return DisputeType.objects.get(name=name)


def parties() -> list[PartyInput]:
    return [
        PartyInput(Side.APPLICANT, "张大山", id_number=VALID_IDS[1], phone="13812345678",
                   address="西街村三组"),
        PartyInput(Side.RESPONDENT, "李小河", phone="13987654321", address="西街村四组"),
    ]  # fmt: skip


def register(
    t: Town, *, user: User | None = None, on: date = date(2025, 11, 3), **overrides: Any
) -> Dispute:
    values: dict[str, Any] = {
        "title": "张、李两家因通行道路发生纠纷",
        "summary": "李家在共用通道上堆放柴草，张家农用车无法通行，双方多次争吵。",
        "dispute_type": dispute_type(),
        "dispute_class": 3,
        "source": Source.SCREENING,
        "procedure": Procedure.FULL,
        "received_on": on,
        "parties": parties(),
        "place": "西街村三组",
    }
    values.update(overrides)
    return services.dispute_register(
        data=DisputeInput(**values), acting_user=user or t.village_mediator
    )


def organisation(name: str = "清河县宏达物业有限公司") -> PartyInput:
    return PartyInput(Side.RESPONDENT, name, kind=PartyKind.ORGANISATION,
                      org_code="91430000MA4L000000", representative="王经理")  # fmt: skip
