"""A school's weekly duty rota (值周) on the May 2026 calendar: working days only (Labour Day
1–5 May off, Saturday 9 May a make-up working day), the same teacher and leader all week, the
next pair the next week; the day's record written by the week's teacher, refused for another
teacher and ahead of the day."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from huajie.common.errors import ApplicationError
from huajie.duty.models import DayKind, DutyPost, DutySlot, ShiftKind
from huajie.duty.services import generation, roster, rota
from huajie.orgs.models import RoleCode, UnitKind
from huajie.orgs.tests.factories import make_unit, make_user

from .factories import DutyCounty

SH = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def school(dc: DutyCounty):
    unit = make_unit("清河县第一中学", parent=dc.county, kind=UnitKind.SCHOOL)
    DutyPost.objects.create(unit=unit, duty_phone="0731-8862 0001")
    teachers = [make_user(unit, RoleCode.DUTY_OFFICER) for _ in range(3)]
    leaders = [make_user(unit, RoleCode.LEADER) for _ in range(2)]
    month = generation.setup_and_generate(
        unit=unit,
        month=date(2026, 5, 1),
        kind=ShiftKind.WEEKLY,
        officers=teachers,
        leaders=leaders,
        acting_user=leaders[0],
    )
    roster.roster_publish(roster=month, acting_user=leaders[0])
    return unit, teachers, leaders


def _on(unit, day: date) -> set[int]:
    return set(DutySlot.objects.get(unit=unit, day=day).assignments.values_list("user", flat=True))


def test_weekly_rota_runs_on_working_days_one_pair_a_week(school) -> None:
    unit, teachers, leaders = school
    days = dict(DutySlot.objects.filter(unit=unit).values_list("day", "day_kind"))
    assert date(2026, 5, 1) not in days and date(2026, 5, 5) not in days  # 劳动节
    assert days[date(2026, 5, 9)] == DayKind.MAKEUP  # 调休上班的星期六
    assert date(2026, 5, 10) not in days  # Sunday
    assert len(days) == 19  # 21 weekdays, less 1, 4 and 5 May, plus Saturday 9 May
    week = _on(unit, date(2026, 5, 6))
    assert week == _on(unit, date(2026, 5, 7)) == _on(unit, date(2026, 5, 9))
    assert len(week) == 2  # one teacher, one leader
    assert _on(unit, date(2026, 5, 11)) != week
    assert _on(unit, date(2026, 5, 11)) == _on(unit, date(2026, 5, 15))


def test_the_week_s_teacher_records_the_day(school) -> None:
    unit, teachers, leaders = school
    slot = DutySlot.objects.get(unit=unit, day=date(2026, 5, 12))
    on_duty = [t for t in teachers if slot.assignments.filter(user=t).exists()][0]
    other = next(t for t in teachers if t != on_duty)
    with time_machine.travel(datetime(2026, 5, 11, 18, tzinfo=SH), tick=False):
        with pytest.raises(ApplicationError, match="还没到"):
            rota.rota_record_save(slot=slot, safety="正常", acting_user=on_duty)
    with time_machine.travel(datetime(2026, 5, 12, 17, tzinfo=SH), tick=False):
        with pytest.raises(ApplicationError, match="您不在当日值周名单中"):
            rota.rota_record_save(slot=slot, safety="正常", acting_user=other)
        with pytest.raises(ApplicationError, match="请同时写明处理情况"):
            rota.rota_record_save(slot=slot, problems="食堂后门未锁", acting_user=on_duty)
        page = Client()
        page.force_login(on_duty)
        form = page.get("/duty/rota/?day=2026-05-12").content.decode()
        assert 'data-testid="rota-record-form"' in form
        saved = page.post(
            "/duty/rota/",
            {"day": "2026-05-12", "arrived": "07:20", "safety": "校门、食堂、宿舍巡查正常",
             "problems": "食堂后门未锁", "actions": "已锁好，告知总务处"},
        )  # fmt: skip
        assert saved.status_code == 302
        week = page.get("/duty/rota/?day=2026-05-12").content.decode()
        assert "校门、食堂、宿舍巡查正常" in week and "食堂后门未锁" in week
        assert "未记录" in week  # Monday 11 May has no record
        assert 'data-testid="rota-link"' in page.get("/duty/").content.decode()
        corrected = rota.rota_record_save(
            slot=slot, safety="巡查正常", acting_user=leaders[1]
        )  # a leader may correct it
        assert corrected.recorded_by == leaders[1]


def test_the_week_across_a_month_s_start_stays_one_pair_s_week(school) -> None:
    unit, teachers, leaders = school
    for first in (date(2026, 6, 1), date(2026, 7, 1)):
        generation.setup_and_generate(
            unit=unit, month=first, kind=ShiftKind.WEEKLY, officers=teachers, leaders=leaders,
            acting_user=leaders[0],
        )  # fmt: skip
    # Monday 29 June and Tuesday 30 June are June's roster, Wednesday 1 July is July's.
    assert (
        _on(unit, date(2026, 6, 29)) == _on(unit, date(2026, 7, 1)) == _on(unit, date(2026, 7, 3))
    )
    assert _on(unit, date(2026, 7, 6)) != _on(unit, date(2026, 7, 3))
