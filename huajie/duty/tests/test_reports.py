"""Daily reports on real dates: a 17:00 working-day cut-off on a 调休 Saturday, twice-daily reports
across the Two Sessions, a special period across Spring Festival 2026, 零报告, lateness, the
matrix and reminders."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from huajie.common.errors import ApplicationError, PermissionDenied
from huajie.duty import selectors
from huajie.duty.models import ReportDays, ReportKind
from huajie.duty.services import reminders, reports
from huajie.notices.models import Notice

from .factories import DutyCounty

SH = ZoneInfo("Asia/Shanghai")


def at(y: int, m: int, d: int, hh: int, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=SH)


@pytest.fixture
def daily(dc: DutyCounty):
    return reports.definition_create(
        unit=dc.county,
        name="每日信息报送",
        times=["17:00"],
        days=ReportDays.WORKING_DAYS,
        units=[dc.town, dc.other_town],
        source="清河县值班值守工作制度第八条",
        acting_user=dc.county_leader,
    )


def test_a_17_00_cut_off_on_a_makeup_saturday(dc: DutyCounty, daily) -> None:
    on_time = reports.report_file(
        definition=daily,
        unit=dc.town,
        kind=ReportKind.ZERO,
        acting_user=dc.officer,
        filed_at=at(2026, 2, 28, 16, 30),
    )
    assert (on_time.day, on_time.minutes_late, on_time.content) == (
        date(2026, 2, 28),
        0,
        "今日无情况",
    )
    late = reports.report_file(
        definition=daily,
        unit=dc.other_town,
        kind=ReportKind.REPORT,
        content="石门村山塘渗水，已安排巡查。",
        acting_user=dc.other_officer,
        filed_at=at(2026, 2, 28, 17, 45),
    )
    assert late.minutes_late == 45
    assert Notice.objects.filter(
        recipient=dc.county_duty, message__contains="迟报《每日信息报送》45 分钟"
    ).exists()
    with pytest.raises(ApplicationError, match="2026年3月7日不是《每日信息报送》的报送日"):
        reports.report_file(
            definition=daily,
            unit=dc.town,
            kind=ReportKind.ZERO,
            acting_user=dc.officer,
            filed_at=at(2026, 3, 7, 16, 0),
        )
    with pytest.raises(ApplicationError, match="已于 16:30 报送了"):
        reports.report_file(
            definition=daily,
            unit=dc.town,
            kind=ReportKind.ZERO,
            acting_user=dc.officer,
            filed_at=at(2026, 2, 28, 16, 50),
        )


def test_a_report_for_another_unit_is_refused(dc: DutyCounty, daily) -> None:
    with pytest.raises(PermissionDenied, match="您只能为本单位"):
        reports.report_file(
            definition=daily,
            unit=dc.other_town,
            kind=ReportKind.ZERO,
            acting_user=dc.officer,
            filed_at=at(2026, 3, 2, 9, 0),
        )
    with pytest.raises(ApplicationError, match="不在《每日信息报送》的报送单位之列"):
        reports.report_file(
            definition=daily,
            unit=dc.county,
            kind=ReportKind.ZERO,
            acting_user=dc.county_duty,
            filed_at=at(2026, 3, 2, 9, 0),
        )
    with pytest.raises(ApplicationError, match="请写明报送内容"):
        reports.report_file(
            definition=daily,
            unit=dc.town,
            kind=ReportKind.REPORT,
            acting_user=dc.officer,
            filed_at=at(2026, 3, 2, 9, 0),
        )


def test_twice_daily_across_the_two_sessions(dc: DutyCounty, daily) -> None:
    reports.period_create(
        unit=dc.county,
        name="全国两会特护期",
        starts_on=date(2026, 3, 4),
        ends_on=date(2026, 3, 11),
        report_times=["09:30", "17:30"],
        acting_user=dc.county_leader,
    )
    first = reports.report_file(
        definition=daily,
        unit=dc.town,
        kind=ReportKind.ZERO,
        acting_user=dc.officer,
        filed_at=at(2026, 3, 7, 9, 0),
    )
    second = reports.report_file(
        definition=daily,
        unit=dc.town,
        kind=ReportKind.ZERO,
        acting_user=dc.officer,
        filed_at=at(2026, 3, 7, 10, 0),
    )
    assert first.cutoff_at == at(2026, 3, 7, 9, 30) and second.cutoff_at == at(2026, 3, 7, 17, 30)
    assert first.rule_code.startswith("duty.period.")
    days, rows = selectors.report_matrix(
        user=dc.county_duty,
        definition=daily,
        first=date(2026, 3, 3),
        last=date(2026, 3, 12),
        at=at(2026, 3, 12, 20, 0),
    )
    town = next(r for r in rows if r.unit == dc.town)
    counts = [len(c) for c in town.cells]
    assert counts == [1, 2, 2, 2, 2, 2, 2, 2, 2, 1]  # the Saturday and Sunday of the sessions too
    assert [m.status for m in town.cells[4]] == ["zero", "zero"]
    assert town.due == 18 and town.reported == 2 and town.on_time == 2
    assert town.cells[0][0].status == "missing"


def test_a_period_across_spring_festival_2026_reports_every_day(dc: DutyCounty, daily) -> None:
    reports.period_create(
        unit=dc.county,
        name="春节及全国两会特护期",
        starts_on=date(2026, 1, 12),
        ends_on=date(2026, 3, 20),
        report_times=["17:00"],
        report_days=ReportDays.EVERY_DAY,
        acting_user=dc.county_leader,
    )
    r = reports.report_file(
        definition=daily,
        unit=dc.town,
        kind=ReportKind.ZERO,
        acting_user=dc.officer,
        filed_at=at(2026, 2, 17, 17, 5),
    )  # 正月初一
    assert r.minutes_late == 5
    days, rows = selectors.report_matrix(
        user=dc.county_duty,
        definition=daily,
        first=date(2026, 2, 14),
        last=date(2026, 2, 24),
        at=at(2026, 2, 25, 8, 0),
    )
    assert all(len(cell) == 1 for cell in rows[0].cells)  # holidays included
    days, rows = selectors.report_matrix(
        user=dc.county_duty,
        definition=daily,
        first=date(2026, 3, 20),
        last=date(2026, 3, 23),
        at=at(2026, 3, 24, 8, 0),
    )
    assert [len(c) for c in rows[0].cells] == [1, 0, 0, 1]  # after the period: working days only


def test_the_matrix_is_scoped(dc: DutyCounty, daily) -> None:
    _, rows = selectors.report_matrix(
        user=dc.officer,
        definition=daily,
        first=date(2026, 3, 2),
        last=date(2026, 3, 2),
        at=at(2026, 3, 3, 8),
    )
    assert [r.unit for r in rows] == [dc.town]


def test_reminders_before_at_and_after_the_cut_off(dc: DutyCounty, daily) -> None:
    reports.report_file(
        definition=daily,
        unit=dc.other_town,
        kind=ReportKind.ZERO,
        acting_user=dc.other_officer,
        filed_at=at(2026, 3, 2, 15, 0),
    )
    assert reminders.reports_remind(now=at(2026, 3, 2, 15, 30)) == 0
    assert reminders.reports_remind(now=at(2026, 3, 2, 16, 1)) == 3  # the town's three officers
    assert reminders.reports_remind(now=at(2026, 3, 2, 16, 30)) == 0  # once only
    assert Notice.objects.filter(recipient=dc.officer, message__contains="还剩 60 分钟").exists()
    assert not Notice.objects.filter(recipient=dc.other_officer).exists()
    assert reminders.reports_remind(now=at(2026, 3, 2, 17, 0)) == 3
    assert reminders.reports_remind(now=at(2026, 3, 2, 17, 31)) == 2  # the town's two leaders
    escalation = Notice.objects.get(recipient=dc.leader, message__contains="截止已过 30 分钟")
    assert escalation.ack_required
    assert reminders.reports_remind(now=at(2026, 3, 2, 17, 40)) == 0
