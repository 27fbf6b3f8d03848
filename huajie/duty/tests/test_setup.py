"""Staff set up report requirements and special periods on their own screens (no Django admin):
create, edit, the refusals that keep filed reports true, and who may do it."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from huajie.duty.models import ReportDefinition, ReportKind, SpecialPeriod
from huajie.duty.services import reports
from huajie.orgs.models import RoleCode
from huajie.orgs.tests.factories import make_unit, make_user

from .factories import DutyCounty

SH = ZoneInfo("Asia/Shanghai")


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_the_county_sets_a_twice_daily_report_and_edits_it(dc: DutyCounty) -> None:
    c = client_for(dc.county_duty)
    page = c.get("/duty/reports/definitions/new/")
    assert page.status_code == 200
    assert "石门乡人民政府" in page.content.decode()  # the units below, to tick
    answer = c.post(
        "/duty/reports/definitions/new/",
        {
            "name": "两会期间信息报送",
            "times": "17:30、09:30",
            "days": "every_day",
            "starts_on": "2026/3/4",
            "source": "县委办通知",
            "units": [dc.town.pk, dc.other_town.pk],
        },
    )
    assert answer.status_code == 302
    d = ReportDefinition.objects.get(name="两会期间信息报送")
    assert (d.times, d.days, d.starts_on) == (["09:30", "17:30"], "every_day", date(2026, 3, 4))
    assert set(d.units.all()) == {dc.town, dc.other_town}
    listing = c.get("/duty/reports/definitions/").content.decode()
    assert "两会期间信息报送" in listing and "09:30、17:30" in listing
    edit = c.post(
        f"/duty/reports/definitions/{d.pk}/",
        {"name": "两会期间信息报送", "times": "09:30、17:30", "days": "every_day",
         "starts_on": "2026-03-04", "units": [dc.town.pk], "is_active": "on"},
    )  # fmt: skip
    assert edit.status_code == 302
    assert list(d.units.all()) == [dc.town]


def test_cut_offs_already_answered_cannot_be_changed(dc: DutyCounty) -> None:
    d = reports.definition_create(
        unit=dc.county, name="每日信息报送", times=["17:00"], days="working_days",
        units=[dc.town], acting_user=dc.county_leader,
    )  # fmt: skip
    reports.report_file(
        definition=d,
        unit=dc.town,
        kind=ReportKind.ZERO,
        acting_user=dc.officer,
        filed_at=datetime(2026, 3, 10, 16, tzinfo=SH),
    )
    answer = client_for(dc.county_leader).post(
        f"/duty/reports/definitions/{d.pk}/",
        {"name": "每日信息报送", "times": "18:00", "days": "working_days",
         "units": [dc.town.pk], "is_active": "on"},
    )  # fmt: skip
    assert answer.status_code == 400
    assert "已有报送记录，不能再改截止时间" in answer.content.decode()
    d.refresh_from_db()
    assert d.times == ["17:00"]
    with pytest.raises(reports.ApplicationError, match="自2026年4月1日起报送"):
        later = reports.definition_create(
            unit=dc.county, name="新要求", times=["17:00"], days="every_day",
            units=[dc.town], starts_on=date(2026, 4, 1), acting_user=dc.county_leader,
        )  # fmt: skip
        reports.report_file(
            definition=later,
            unit=dc.town,
            kind=ReportKind.ZERO,
            acting_user=dc.officer,
            filed_at=datetime(2026, 3, 31, 16, tzinfo=SH),
        )


def test_who_may_set_requirements_and_periods(dc: DutyCounty) -> None:
    d = reports.definition_create(
        unit=dc.county, name="每日信息报送", times=["17:00"], days="working_days",
        units=[dc.town], acting_user=dc.county_leader,
    )  # fmt: skip
    town = client_for(dc.officer)
    assert town.get(f"/duty/reports/definitions/{d.pk}/").status_code == 403  # asked, not owner
    assert client_for(dc.other_officer).get(f"/duty/reports/definitions/{d.pk}/").status_code == (
        404
    )
    assert town.get("/duty/periods/new/").status_code == 403  # a duty officer sets no period
    clerk = make_user(dc.county, RoleCode.CLERK)
    assert client_for(clerk).get("/duty/reports/definitions/new/").status_code == 403
    village = make_unit("河口村民委员会", parent=dc.town)
    answer = town.post(
        "/duty/reports/definitions/new/",
        {"name": "村级日报", "times": "16:00", "days": "working_days", "units": [village.pk]},
    )
    assert answer.status_code == 302  # the town asks its villages
    assert ReportDefinition.objects.get(name="村级日报").unit == dc.town


def test_a_period_set_on_its_screen_covers_the_towns_and_keeps_filed_reports(
    dc: DutyCounty,
) -> None:
    c = client_for(dc.county_leader)
    assert c.get("/duty/periods/new/").status_code == 200
    answer = c.post(
        "/duty/periods/new/",
        {"name": "全国两会特护期", "starts_on": "2026-03-01", "ends_on": "2026-03-15",
         "report_times": "09:30 17:30", "report_days": "every_day", "officers_per_slot": "2",
         "leave_needs_approval": "on", "leader": dc.county_leader.pk,
         "notes": "每日两报，零报告也要报。"},
    )  # fmt: skip
    assert answer.status_code == 302
    period = SpecialPeriod.objects.get()
    assert (period.unit, period.report_times, period.leader) == (
        dc.county,
        ["09:30", "17:30"],
        dc.county_leader,
    )
    with time_machine.travel(datetime(2026, 3, 10, 9, tzinfo=SH), tick=False):
        home = client_for(dc.officer).get("/duty/").content.decode()
        assert "全国两会特护期" in home
        d = reports.definition_create(
            unit=dc.county, name="每日信息报送", times=["17:00"], days="working_days",
            units=[dc.town], acting_user=dc.county_leader,
        )  # fmt: skip
        filed = reports.report_file(
            definition=d, unit=dc.town, kind=ReportKind.ZERO, acting_user=dc.officer
        )
        assert filed.rule_code == f"duty.period.{period.pk}"
    refused = c.post(
        f"/duty/periods/{period.pk}/",
        {"name": "全国两会特护期", "starts_on": "2026-03-01", "ends_on": "2026-03-15",
         "report_times": "17:00", "report_days": "every_day", "officers_per_slot": "2",
         "leave_needs_approval": "on"},
    )  # fmt: skip
    assert refused.status_code == 400
    assert "不能再改报送时间" in refused.content.decode()
    longer = c.post(
        f"/duty/periods/{period.pk}/",
        {"name": "全国两会特护期", "starts_on": "2026-03-01", "ends_on": "2026-03-20",
         "report_times": "09:30、17:30", "report_days": "every_day", "officers_per_slot": "2",
         "leave_needs_approval": "on", "leader": dc.county_leader.pk},
    )  # fmt: skip
    assert longer.status_code == 302
    period.refresh_from_db()
    assert period.ends_on == date(2026, 3, 20)
    listing = client_for(dc.officer).get("/duty/periods/").content.decode()
    assert "全国两会特护期" in listing  # set above, shown to the town
