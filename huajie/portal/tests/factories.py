"""A portal submission and the staff steps after it, on real 2025 dates (dates fixed with
time_machine so no test depends on today's date)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import time_machine

from huajie.orgs.models import Region, RegionLevel
from huajie.orgs.tests.factories import VALID_IDS, County
from huajie.petitions import services as s
from huajie.petitions.models import Petition
from huajie.portal.services.submit import PortalSubmission, Receipt, portal_submit

SUBMITTED_AT = datetime(2025, 10, 9, 2, 30, tzinfo=UTC)  # 10:30 in Shanghai, a Thursday
ACCEPTED_ON = date(2025, 10, 10)
REPLIED_ON = date(2025, 11, 14)
PHONE = "13907311234"
SECRET_NOTE = "内部调查记录：信访人情绪激动"
SECRET_INSTRUCTION = "领导批示：请尽快约谈"


def at(moment: datetime | date) -> time_machine.travel:
    if isinstance(moment, datetime):
        return time_machine.travel(moment, tick=False)
    return time_machine.travel(datetime(moment.year, moment.month, moment.day, 2, tzinfo=UTC))


def regions() -> dict[str, Region]:
    county, _ = Region.objects.get_or_create(
        code="439901000000", defaults={"name": "清河县", "level": RegionLevel.COUNTY}
    )
    town, _ = Region.objects.get_or_create(
        code="439901001000",
        defaults={"name": "城关镇", "level": RegionLevel.TOWN, "parent": county},
    )
    village, _ = Region.objects.get_or_create(
        code="439901001001",
        defaults={"name": "东门社区", "level": RegionLevel.VILLAGE, "parent": town},
    )
    return {"county": county, "town": town, "village": village}


def submission(c: County, **overrides: object) -> PortalSubmission:
    data = PortalSubmission(
        unit=c.office,
        petition_class="complaint",
        title="东门社区3栋外墙瓷砖脱落",
        content="东门社区3栋外墙瓷砖多处脱落，已砸坏楼下电动车，请求督促物业维修。",
        phone=PHONE,
        consent=True,
        name="刘桂兰",
        id_number=VALID_IDS[0],
    )
    for key, value in overrides.items():
        setattr(data, key, value)
    return data


def submit(c: County, **overrides: object) -> Receipt:
    with at(SUBMITTED_AT):
        return portal_submit(data=submission(c, **overrides), client="203.0.113.5")


def handle_and_reply(c: County, petition: Petition) -> Petition:
    """The clerk accepts and assigns, the handler writes notes and replies, a leader instructs."""
    with at(REPLIED_ON):
        s.petition_accept(
            petition=petition, acting_user=c.clerk, expected_version=None, on=ACCEPTED_ON
        )
        s.petition_assign(
            petition=petition,
            acting_user=c.clerk,
            expected_version=None,
            handling_unit=c.dept,
            responsible_leader=c.dept_leader,
            handler=c.handler,
            on=ACCEPTED_ON,
            note="内部交办意见：请承办单位核实后答复",
        )
        s.petition_start_handling(
            petition=petition, acting_user=c.handler, expected_version=None, on=ACCEPTED_ON
        )
        s.petition_add_note(
            petition=petition,
            acting_user=c.handler,
            expected_version=None,
            kind="note",
            text=SECRET_NOTE,
        )
        s.petition_add_note(
            petition=petition,
            acting_user=c.dept_leader,
            expected_version=None,
            kind="instruction",
            text=SECRET_INSTRUCTION,
        )
        s.petition_reply(
            petition=petition,
            acting_user=c.handler,
            expected_version=None,
            request="督促物业维修外墙",
            facts="经现场核查，外墙瓷砖脱落属实。",
            reasons="依据物业服务合同，物业应负责维修。",
            decision="support",
            legal_basis="《物业管理条例》第三十五条",
            on=REPLIED_ON,
        )
    petition.refresh_from_db()
    return petition
