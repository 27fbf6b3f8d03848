"""Cases at each point of their life, built through the petitions services on real 2025 dates
(call inside `time_machine.travel(date(2025, 12, 20))` or later — `handling` and `accepted` from
2025-10-09 on)."""

from __future__ import annotations

from datetime import date

from huajie.petitions import services as s
from huajie.petitions.models import Petition
from huajie.petitions.tests.factories import County, register

TODAY = date(2025, 12, 20)
ACCEPTED_ON = date(2025, 10, 9)
REPLIED_ON = date(2025, 11, 14)


def accepted(c: County, **overrides: object) -> Petition:
    p = register(c, **overrides)
    s.petition_accept(petition=p, acting_user=c.clerk, expected_version=p.version, on=ACCEPTED_ON)
    return p


def not_accepted(c: County, channel: str = "labor_arbitration") -> Petition:
    p = register(c)
    s.petition_not_accept(
        petition=p,
        acting_user=c.clerk,
        expected_version=p.version,
        reason="所反映的工资拖欠属劳动争议，应通过劳动人事争议仲裁解决",
        proper_channel=channel,
    )
    return p


def handling(c: County, **overrides: object) -> Petition:
    p = accepted(c, **overrides)
    s.petition_assign(
        petition=p,
        acting_user=c.clerk,
        expected_version=p.version,
        handling_unit=c.dept,
        responsible_leader=c.dept_leader,
        handler=c.handler,
        on=ACCEPTED_ON,
    )
    s.petition_start_handling(
        petition=p, acting_user=c.handler, expected_version=p.version, on=ACCEPTED_ON
    )
    return p


def extended(c: County) -> Petition:
    p = handling(c)
    s.petition_extend(
        petition=p,
        acting_user=c.dept_leader,
        expected_version=p.version,
        days=30,
        reason="涉及多个部门，需联合调查。",
        on=date(2025, 11, 20),
    )
    return p


def supervised(c: County) -> Petition:
    p = handling(c)
    s.petition_supervise(
        petition=p,
        acting_user=c.office_leader,
        kind="notice",
        note="请加快办理，督促物业尽快维修外墙",
        respond_by=date(2025, 12, 31),
    )
    return p


def replied(c: County, decision: str = "not_support", **overrides: object) -> Petition:
    p = handling(c, **overrides)
    s.petition_reply(
        petition=p,
        acting_user=c.handler,
        expected_version=p.version,
        request="请求督促物业维修外墙",
        facts="经现场查看，该小区3栋外墙瓷砖确有脱落。",
        reasons="外墙维修属业主共有部分维修，应由物业服务企业组织，使用专项维修资金。",
        decision=decision,
        legal_basis="《物业管理条例》第五十三条、第五十四条",
        on=REPLIED_ON,
    )
    return p


def reviewed(c: County, *, rereview: bool = False) -> Petition:
    p = replied(c)
    s.petition_request_review(
        petition=p,
        acting_user=c.clerk,
        expected_version=p.version,
        reason="对答复不服，认为应由住建局直接维修",
        reviewing_unit=c.county,
        on=date(2025, 11, 20),
    )
    s.petition_answer_review(
        petition=p,
        acting_user=c.county_leader,
        expected_version=p.version,
        decision="explain",
        opinion="原处理意见认定事实清楚，适用依据正确，予以维持，并向信访人解释说明。",
        on=date(2025, 12, 5),
    )
    if rereview:
        s.petition_request_rereview(
            petition=p,
            acting_user=c.clerk,
            expected_version=p.version,
            reason="仍然不服",
            reviewing_unit=c.county,
            on=date(2025, 12, 10),
        )
        s.petition_answer_review(
            petition=p,
            acting_user=c.county_leader,
            expected_version=p.version,
            decision="not_support",
            opinion="复查意见正确，予以维持。",
            on=date(2025, 12, 18),
        )
    return p
