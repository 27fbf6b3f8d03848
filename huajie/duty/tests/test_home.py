"""Every duty role's home card shows its live duty work: the duty officer's shift and the report
due with minutes left, the county duty room's units not yet reported, the leader's leave and
swaps waiting for a decision. On 2026-03-10 (a Tuesday of the Two Sessions)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from huajie.duty import home
from huajie.duty.models import DutySlot, ReportDays, ReportKind
from huajie.duty.services import generation, people, reports, roster
from huajie.orgs.models import RoleCode
from huajie.orgs.tests.factories import make_user

from .factories import DutyCounty

SH = ZoneInfo("Asia/Shanghai")


def moment(hh: int, mm: int = 0) -> datetime:
    return datetime(2026, 3, 10, hh, mm, tzinfo=SH)


@pytest.fixture
def county(dc: DutyCounty) -> DutyCounty:
    period = reports.period_create(
        unit=dc.county,
        name="全国两会特护期",
        starts_on=date(2026, 3, 1),
        ends_on=date(2026, 3, 20),
        report_times=["17:00"],
        leader=dc.county_leader,
        acting_user=dc.county_leader,
    )
    assert period.leave_needs_approval
    reports.definition_create(
        unit=dc.county,
        name="每日信息报送",
        times=["17:00"],
        days=ReportDays.WORKING_DAYS,
        units=[dc.town, dc.other_town],
        acting_user=dc.county_leader,
    )
    pattern = roster.pattern_create(
        unit=dc.town, name="24小时班", kind="full_day", acting_user=dc.officer
    )
    rotations = [
        roster.rotation_create(unit=dc.town, name="值班", pattern=pattern, role="officer",
                               members=[dc.officer, dc.officer2, dc.officer3],
                               anchor=date(2026, 3, 10), acting_user=dc.officer),
        roster.rotation_create(unit=dc.town, name="带班", pattern=pattern, role="leader",
                               members=[dc.leader, dc.leader2], anchor=date(2026, 3, 10),
                               acting_user=dc.officer),
    ]  # fmt: skip
    month = roster.roster_month_get(unit=dc.town, month=date(2026, 3, 1))
    generation.roster_generate(roster=month, rotations=rotations, acting_user=dc.officer)
    roster.roster_publish(roster=month, acting_user=dc.officer)
    return dc


def test_the_duty_officer_sees_the_shift_and_the_report_due_with_minutes_left(county) -> None:
    dc = county
    with time_machine.travel(moment(10), tick=False):
        live = home.officer_live(dc.officer)
        counts = {c.label: c.value for c in live.counts}
        assert counts["今日待报"] == 1
        assert live.items[0].badge == "正在值班"  # 3月10日 08:30 起 24 小时
        assert live.items[1].title == "每日信息报送 · 17:00 截止"
        assert live.items[1].badge == "还剩 420 分钟"
        reports.report_file(
            definition=reports.ReportDefinition.objects.get(),
            unit=dc.town,
            kind=ReportKind.ZERO,
            acting_user=dc.officer,
        )
        counts = {c.label: c.value for c in home.officer_live(dc.officer).counts}
        assert counts["今日待报"] == 0
        page = Client()
        page.force_login(dc.officer)
        assert "今日待报" in page.get("/").content.decode()


def test_the_county_duty_room_sees_units_not_reported_once_the_cut_off_passed(county) -> None:
    dc = county
    with time_machine.travel(moment(16), tick=False):
        reports.report_file(
            definition=reports.ReportDefinition.objects.get(),
            unit=dc.town,
            kind=ReportKind.ZERO,
            acting_user=dc.officer,
        )
        counts = {c.label: c.value for c in home.officer_live(dc.county_duty).counts}
        assert counts["下级今日未报"] == 0  # 17:00 is still ahead
    with time_machine.travel(moment(17, 5), tick=False):
        counts = {c.label: c.value for c in home.officer_live(dc.county_duty).counts}
        assert counts["下级今日未报"] == 1  # 石门乡
        assert "下级今日未报" not in {c.label for c in home.officer_live(dc.officer).counts}


def test_leaders_see_leave_and_swaps_waiting_for_their_decision(county) -> None:
    dc = county
    with time_machine.travel(moment(10), tick=False):
        people.leave_request(
            starts_on=date(2026, 3, 12),
            ends_on=date(2026, 3, 13),
            reason="赴市里参加培训",
            acting_user=dc.leader2,
        )
        slot = DutySlot.objects.get(unit=dc.town, day=date(2026, 3, 11))
        on_slot = {a.user for a in slot.assignments.filter(role="officer")}  # two in the period
        giver = next(iter(on_slot))
        taker = next(u for u in (dc.officer, dc.officer2, dc.officer3) if u not in on_slot)
        swap = people.swap_request(
            slot=slot, counterpart=taker, reason="家中有事", acting_user=giver
        )
        assert {c.label: c.value for c in home.officer_live(taker).counts}["换班待我确认"] == 1
        people.swap_accept(swap=swap, acting_user=taker)
        county_leader = {c.label: c.value for c in home.leader_live(dc.county_leader).counts}
        assert county_leader["待审批请假（离岗）"] == 1  # the period's leading-group leader
        assert county_leader["今日未报单位"] == 0
        town_leader = home.leader_live(dc.leader)
        assert {c.label: c.value for c in town_leader.counts}["待批准换班"] == 1
        assert {c.label: c.value for c in town_leader.counts}["待审批请假（离岗）"] == 0
        page = Client()
        page.force_login(dc.county_leader)
        body = page.get("/").content.decode()
        assert "待审批请假（离岗）" in body
        assert "申请离岗" in body


def test_anyone_else_on_a_roster_sees_the_next_shift(county) -> None:
    dc = county
    handler = make_user(dc.town, RoleCode.HANDLER)
    slot = DutySlot.objects.get(unit=dc.town, day=date(2026, 3, 12))
    slot.roster.status = "draft"
    slot.roster.save(update_fields=["status"])
    roster.slot_assign(slot=slot, user=handler, role="officer", acting_user=dc.officer)
    with time_machine.travel(moment(10), tick=False):
        live = home.staff_live(handler)
        assert live.items[0].meta.endswith("值班人员")
        assert live.items[0].badge == "46 小时后"  # 3月12日 08:30
        page = Client()
        page.force_login(handler)
        assert "我的值班" in page.get("/").content.decode()
