"""The duty officer's journey on a phone (390 px), on the machine's date: see the shift, log a
call, hand it on to every intake target the platform has (a petition once petitions registers
its target), and file the day's 17:00 report."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from .conftest import PASSWORD, holidays_ahead

pytestmark = pytest.mark.browser


@dataclass
class Town:
    officer: Any
    leader: Any
    town: Any


@pytest.fixture
def town(transactional_db: None) -> Town:
    from django.utils import timezone

    from huajie.duty.models import DutyPost, DutyRole, ReportDays
    from huajie.duty.services import generation, reports, roster
    from huajie.orgs import services
    from huajie.orgs.models import Role, RoleCode, UnitKind, User

    for code, label in RoleCode.choices:
        Role.objects.get_or_create(code=code, defaults={"name": label})
    holidays_ahead()
    county = services.unit_create(
        name="清河县人民政府",
        code="E2E-QHX",
        kind=UnitKind.GOVERNMENT,
        parent=None,
        acting_user=None,
    )
    office = services.unit_create(
        name="清河县信访局",
        code="E2E-XFJ",
        kind=UnitKind.PETITION_OFFICE,
        parent=county,
        acting_user=None,
    )
    town = services.unit_create(
        name="城关镇人民政府", code="E2E-CGZ", kind=UnitKind.TOWN, parent=county, acting_user=None
    )
    DutyPost.objects.create(unit=town, duty_phone="0731-8860 5001")

    def user(username: str, name: str, unit: Any, *roles: str) -> Any:
        u = User.objects.create_user(
            username=username, password=PASSWORD, full_name=name, phone="13907310011"
        )
        u.unit = unit
        u.save(update_fields=["unit"])
        u.roles.set(Role.objects.filter(code__in=roles))
        return u

    officer = user("duty", "刘洋", town, RoleCode.DUTY_OFFICER, RoleCode.CLERK)
    leader = user("cgz-leader", "孙志强", town, RoleCode.LEADER)
    admin = user("county-leader", "张建国", county, RoleCode.LEADER)
    user("xfj-clerk", "王丽", office, RoleCode.CLERK)
    today = timezone.localdate()
    reports.period_create(
        unit=county,
        name="岁末年初特护期",
        starts_on=today - timedelta(days=1),
        ends_on=today + timedelta(days=1),
        report_times=["17:00"],
        report_days=ReportDays.EVERY_DAY,
        leader=admin,
        officers_per_slot=1,
        acting_user=admin,
    )
    reports.definition_create(
        unit=county,
        name="每日信息报送",
        times=["17:00"],
        days=ReportDays.WORKING_DAYS,
        units=[town],
        acting_user=admin,
    )
    pattern = roster.pattern_create(
        unit=town, name="24小时值班", kind="full_day", acting_user=officer
    )
    month = today.replace(day=1)
    rotations = [
        roster.rotation_create(
            unit=town,
            name="值班",
            pattern=pattern,
            role=DutyRole.OFFICER,
            members=[officer],
            anchor=month,
            acting_user=officer,
        ),
        roster.rotation_create(
            unit=town,
            name="带班",
            pattern=pattern,
            role=DutyRole.LEADER,
            members=[leader],
            anchor=month,
            acting_user=officer,
        ),
    ]
    month_roster = roster.roster_month_get(unit=town, month=month)
    generation.roster_generate(roster=month_roster, rotations=rotations, acting_user=officer)
    roster.roster_publish(roster=month_roster, acting_user=officer)
    return Town(officer=officer, leader=leader, town=town)


def test_duty_officer_logs_a_call_hands_it_on_and_files_the_report(
    page: Any, live_server: Any, town: Town, screenshots: Path
) -> None:
    base = live_server.url
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill("duty")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base}/")
    page.goto(f"{base}/duty/")
    assert "正在值班" in page.get_by_test_id("next-shift").inner_text()
    assert "岁末年初特护期" in page.get_by_test_id("special-period").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(screenshots / "duty-home-390.png"), full_page=True)

    page.get_by_test_id("log-call").click()
    form = page.get_by_test_id("log-form")
    form.get_by_label("来电（来访）人").fill("河口村村民赵某")
    form.get_by_label("联系电话").fill("13812345678")
    form.get_by_label("内容").fill("反映河口村灌溉水渠被邻村堵塞，两村村民发生口角，约20人聚集。")
    form.get_by_label("已报告（通知）").fill("带班领导孙志强")
    form.get_by_role("button", name="登记").click()
    page.wait_for_url(re.compile(r"/duty/log/\d+/$"))
    assert "灌溉水渠" in page.get_by_test_id("entry-content").inner_text()
    assert "13812345678" not in page.content()
    page.screenshot(path=str(screenshots / "duty-log-390.png"), full_page=True)
    entry_url = page.url

    page.get_by_test_id("hand-off").get_by_role("link", name="登记为信访事项").click()
    page.wait_for_url(re.compile(r"/petitions/new/\?from=duty-log"))
    assert "由值班记录" in page.get_by_test_id("handoff-source").inner_text()
    register = page.get_by_test_id("register-form")
    register.locator("label[for=id_petition_class_2]").click()
    register.get_by_role("button", name="登记").click()
    page.wait_for_url(re.compile(r"/petitions/\d+/$"))
    page.goto(entry_url)
    linked = page.get_by_test_id("entry-link").inner_text()
    assert "E2E-CGZ" in linked or "信访" in linked, linked
    assert page.get_by_test_id("hand-off").get_by_role("link", name="登记为信访事项").count() == 0

    page.goto(f"{base}/duty/reports/")
    report = page.get_by_test_id("report-form").first
    report.get_by_label("零报告（今日无情况）").check()
    report.get_by_test_id("file-report").click()
    page.wait_for_load_state("load")
    assert "已报送" in page.content()
    page.goto(f"{base}/duty/")
    due = page.get_by_test_id("reports-due").inner_text()
    assert "零报告" in due
    page.screenshot(path=str(screenshots / "duty-reported-390.png"), full_page=True)
