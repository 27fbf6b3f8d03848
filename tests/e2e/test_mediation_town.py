"""The town on a 390 px phone, on the real date: the town leader's home card and the screening
page name the village that missed last week's round; the leader records the monthly analysis
meeting and issues its minutes, and the PDF is not blank. The town's mediation committee sees
the village's dispute that nobody escalated — counted on its home, in the ledger with its clock,
on its page read-only — and another town's dispute is not found."""

from __future__ import annotations

import importlib
import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from .conftest import PASSWORD, holidays_ahead

pytestmark = pytest.mark.browser


@pytest.fixture
def town_leader(transactional_db: None) -> Any:
    from django.utils import timezone

    from huajie.mediation.models import ScreeningSchedule
    from huajie.orgs import services
    from huajie.orgs.models import Role, RoleCode, UnitKind, User

    for code, label in RoleCode.choices:
        Role.objects.get_or_create(code=code, defaults={"name": label})
    holidays_ahead()
    town = services.unit_create(name="城关镇人民政府", code="E2E-CGZ", kind=UnitKind.TOWN,
                                parent=None, acting_user=None)  # fmt: skip
    village = services.unit_create(
        name="西街村村民委员会", code="E2E-CGZ-01", kind=UnitKind.VILLAGE, parent=town,
        acting_user=None,
    )  # fmt: skip
    ScreeningSchedule.objects.create(
        unit=village, every_days=7, starts_on=timezone.localdate() - timedelta(days=7)
    )
    user = User.objects.create_user(username="cgz-leader", password=PASSWORD, full_name="孙志强",
                                    title="城关镇镇长")  # fmt: skip
    user.unit = town
    user.save(update_fields=["unit"])
    user.roles.set(Role.objects.filter(code=RoleCode.LEADER))
    return user


def test_town_leader_sees_the_missed_round_and_prints_the_meeting_minutes(
    live_server: Any, browser: Any, town_leader: Any, screenshots: Path, tmp_path: Path
) -> None:
    from huajie.documents.tests.readback import rasterise_first_page

    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844},
                                  timezone_id="Asia/Shanghai")  # fmt: skip
    page = context.new_page()
    page.set_default_timeout(20_000)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    base = live_server.url
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill("cgz-leader")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base}/")
    assert "上期排查未报" in page.content()

    page.goto(f"{base}/mediation/screening/")
    assert "西街村村民委员会（" in page.get_by_test_id("unreported").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=screenshots / "mediation-town-screening-390.png", full_page=True)

    page.goto(f"{base}/mediation/meetings/new/")
    page.get_by_label("主持人").fill("孙志强（镇长）")
    page.get_by_label("参会人员").fill("各村调委会主任、镇司法所")
    page.get_by_label("研判情况").fill("西街村上周未报排查，需补报；本月纠纷以邻里纠纷为主。")
    page.get_by_label("议定事项").fill("西街村三日内补报排查（谢春花）")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url(re.compile(r"/mediation/meetings/\d+/$"))
    assert "矛盾纠纷分析研判例会纪要" in page.get_by_test_id("minutes").inner_text()
    page.get_by_test_id("case-documents").get_by_role("button", name=re.compile("出具")).click()
    page.wait_for_load_state("load")
    link = page.get_by_test_id("case-documents").get_by_role("link", name=re.compile("PDF"))
    pdf = page.request.get(base + link.get_attribute("href")).body()
    assert pdf.startswith(b"%PDF")
    raster = rasterise_first_page(pdf, tmp_path, dpi=40)
    ink = raster.count(lambda r, g, b: r < 128 and g < 128 and b < 128)
    assert ink > 0.005 * raster.width * raster.height
    page.goto(f"{base}/mediation/screening/")
    assert "已召开" in page.get_by_test_id("meeting-months").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert not errors, errors
    context.close()


@pytest.fixture
def town_committee(transactional_db: None) -> Any:
    from django.apps import apps
    from django.utils import timezone

    from huajie.mediation import services as s
    from huajie.mediation.models import DisputeType
    from huajie.mediation.services import DisputeInput, PartyInput
    from huajie.orgs import services
    from huajie.orgs.models import Role, RoleCode, UnitKind, User

    for code, label in RoleCode.choices:
        Role.objects.get_or_create(code=code, defaults={"name": label})
    holidays_ahead()
    seeding = importlib.import_module(
        "huajie.mediation.migrations.0002_event_append_only_and_types"
    )
    seeding.seed_types(apps, None)  # live_server flushes the migration-seeded type tree

    def unit(name: str, code: str, kind: str, parent: Any) -> Any:
        return services.unit_create(name=name, code=code, kind=kind, parent=parent,
                                    acting_user=None)  # fmt: skip

    def person(username: str, name: str, at: Any) -> Any:
        user = User.objects.create_user(username=username, password=PASSWORD, full_name=name)
        user.unit = at
        user.save(update_fields=["unit"])
        user.roles.set(Role.objects.filter(code=RoleCode.MEDIATOR))
        return user

    town = unit("城关镇人民政府", "E2E-CGZ", UnitKind.TOWN, None)
    committee = unit("城关镇人民调解委员会", "E2E-CGZ-TJW", UnitKind.MEDIATION, town)
    village = unit("西街村村民委员会", "E2E-CGZ-01", UnitKind.VILLAGE, town)
    other_town = unit("石门乡人民政府", "E2E-SMX", UnitKind.TOWN, None)
    other_village = unit("石门村村民委员会", "E2E-SMX-01", UnitKind.VILLAGE, other_town)
    town_mediator = person("cgz-tjw", "陈秀英", committee)
    today = timezone.localdate()

    def register(by: Any, title: str, days_ago: int) -> Any:
        d = s.dispute_register(
            data=DisputeInput(
                title=title, summary="两户因共用通道堆放柴草发生争执。",
                dispute_type=DisputeType.objects.get(name="相邻通行"), dispute_class=3,
                source="screening", procedure="full", received_on=today - timedelta(days_ago),
                parties=[PartyInput("applicant", "张大山"), PartyInput("respondent", "李小河")],
            ),
            acting_user=by,
        )  # fmt: skip
        s.dispute_accept(dispute=d, acting_user=by, expected_version=d.version,
                         on=today - timedelta(days_ago))  # fmt: skip
        return d

    mine = register(person("xj-mediator", "谢春花", village), "西街村张、李两家通道纠纷", 40)
    theirs = register(person("sm-mediator", "石丽娟", other_village), "石门村宅基地纠纷", 3)
    return town_mediator, mine, theirs


def test_the_town_committee_sees_its_villages_disputes_read_only(
    live_server: Any, browser: Any, town_committee: Any, screenshots: Path
) -> None:
    _, village_dispute, other_towns = town_committee
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844},
                                  timezone_id="Asia/Shanghai")  # fmt: skip
    page = context.new_page()
    page.set_default_timeout(20_000)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    base = live_server.url
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill("cgz-tjw")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base}/")
    home = page.content()
    assert "辖区村（居）在办" in home and "辖区村（居）超期" in home

    page.get_by_role("link", name=re.compile("辖区村（居）超期")).first.click()
    page.wait_for_load_state("load")
    ledger = page.get_by_test_id("ledger").inner_text()
    assert village_dispute.reg_no in ledger and "已超期" in ledger
    assert other_towns.reg_no not in ledger
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=screenshots / "mediation-town-oversight-390.png", full_page=True)

    page.get_by_role("link", name=village_dispute.reg_no).click()
    page.wait_for_load_state("load")
    assert "督导查看" in page.get_by_test_id("oversight-note").inner_text()
    assert page.get_by_test_id("actions").count() == 0
    assert "已超期" in page.content()
    response = page.goto(f"{base}/mediation/{other_towns.pk}/")
    assert response is not None and response.status == 404
    assert other_towns.title not in page.content()
    assert not errors, errors
    context.close()
