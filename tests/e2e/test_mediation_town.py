"""The town leader on a 390 px phone, on the real date: the home card and the screening page
name the village that missed last week's round; the leader records the monthly analysis
meeting and issues its minutes, and the PDF is not blank."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from .conftest import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def town_leader(transactional_db: None) -> Any:
    from django.utils import timezone

    from huajie.mediation.models import ScreeningSchedule
    from huajie.orgs import services
    from huajie.orgs.models import Role, RoleCode, UnitKind, User

    for code, label in RoleCode.choices:
        Role.objects.get_or_create(code=code, defaults={"name": label})
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
    page.set_default_timeout(10_000)
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
