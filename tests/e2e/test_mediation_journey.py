"""A village mediator's dispute on a 390 px phone, on the real date: this week's screening round
reports a dispute found → register it from the round (the place picked 县 → 乡镇 → 村, the
village list narrowed to the town chosen) → accept → session → written agreement →
人民调解协议书 PDF (rasterised, not blank) → signed → return visit."""

from __future__ import annotations

import importlib
import re
from pathlib import Path
from typing import Any

import pytest

from .conftest import PASSWORD, holidays_ahead

pytestmark = pytest.mark.browser


@pytest.fixture
def mediator(transactional_db: None) -> Any:
    from huajie.orgs import services
    from huajie.orgs.models import Role, RoleCode, UnitKind, User

    for code, label in RoleCode.choices:
        Role.objects.get_or_create(code=code, defaults={"name": label})
    # Browser tests run on a flushed database (live_server): the migration-seeded type tree may be
    # gone, so it is seeded again here, by the migration's own function.
    from django.apps import apps

    seeding = importlib.import_module(
        "huajie.mediation.migrations.0002_event_append_only_and_types"
    )
    seeding.seed_types(apps, None)
    holidays_ahead()
    town = services.unit_create(name="城关镇人民政府", code="E2E-CGZ", kind=UnitKind.TOWN,
                                parent=None, acting_user=None)  # fmt: skip
    village = services.unit_create(
        name="西街村村民委员会", code="E2E-CGZ-01", kind=UnitKind.VILLAGE, parent=town,
        acting_user=None,
    )  # fmt: skip
    from huajie.orgs.models import Region

    county = Region.objects.create(code="439901000000", name="清河县", level="county")
    cgz = Region.objects.create(code="439901001000", name="城关镇", level="town", parent=county)
    smx = Region.objects.create(code="439901002000", name="石门乡", level="town", parent=county)
    Region.objects.create(code="439901001002", name="西街村", level="village", parent=cgz)
    Region.objects.create(code="439901002001", name="石门村", level="village", parent=smx)
    village.region = cgz
    village.save(update_fields=["region"])
    user = User.objects.create_user(username="mediator", password=PASSWORD, full_name="陈秀英",
                                    title="人民调解员")  # fmt: skip
    user.unit = village
    user.save(update_fields=["unit"])
    user.roles.set(Role.objects.filter(code=RoleCode.MEDIATOR))
    from django.utils import timezone

    from huajie.mediation.models import ScreeningSchedule

    today = timezone.localdate()
    ScreeningSchedule.objects.create(unit=village, every_days=7, starts_on=today)
    return user


def act(page: Any, action: str) -> Any:
    page.locator(f'[data-testid="actions"] [data-action="{action}"]').click()
    form = page.get_by_test_id(f"form-{action}")
    form.wait_for(state="visible")
    return form


def submit(page: Any, form: Any) -> None:
    form.locator("button[type=submit]").click()
    page.wait_for_load_state("load")
    errors = page.get_by_test_id("case-error")
    assert errors.count() == 0, errors.inner_text()


def test_village_mediator_from_registration_to_return_visit(
    live_server: Any, browser: Any, mediator: Any, screenshots: Path, tmp_path: Path
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
    page.get_by_label("用户名").fill("mediator")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base}/")

    page.goto(f"{base}/mediation/screening/")
    page.emulate_media(reduced_motion="reduce")  # Bootstrap then animates nothing
    report = page.get_by_test_id("report-form")
    page.get_by_text("填报本期排查").click()
    report.locator("textarea[name=findings]").fill("发现张、李两家因通道堆放柴草争吵。")
    report.get_by_role("button", name="报送").click()
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=screenshots / "mediation-screening-390.png", full_page=True)
    page.get_by_test_id("register-found").click()
    page.wait_for_url(re.compile(r"/mediation/new/\?round=\d+"))
    assert "排查发现" in page.get_by_test_id("intake-source").inner_text()
    page.emulate_media(reduced_motion="reduce")  # Bootstrap then animates nothing
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.locator("input[name=title]").fill("张、李两家通道堆放柴草纠纷")
    page.locator("select[name=dispute_type]").select_option(label="邻里纠纷 / 相邻通行")
    assert page.locator("select[name=source]").input_value() == "screening"
    page.get_by_label("三类").check()
    page.locator('input[name="p0_name"]').fill("张大山")
    page.locator('input[name="p0_phone"]').fill("13812345678")
    page.locator('input[name="p1_name"]').fill("李小河")
    page.locator("textarea[name=summary]").fill("李家在共用通道堆放柴草，张家农用车无法通行。")
    page.locator("select[name=region_county]").select_option(label="清河县")
    page.locator("select[name=region_town]").select_option(label="城关镇")
    villages = page.locator("select[name=region_village] option:not([hidden])").all_inner_texts()
    assert "西街村" in villages and "石门村" not in villages
    page.locator("select[name=region_village]").select_option(label="西街村")
    page.screenshot(path=screenshots / "mediation-register-390.png", full_page=True)
    page.get_by_test_id("submit").click()
    page.wait_for_url(re.compile(r"/mediation/\d+/$"))
    dispute_url = page.url
    place = page.locator("xpath=//dt[text()='发生地']/following-sibling::dd[1]")
    assert place.inner_text() == "西街村"

    submit(page, act(page, "accept"))
    form = act(page, "session")
    form.get_by_label("调解地点").fill("村委会调解室")
    form.get_by_label("到场人员").fill("张大山、李小河")
    form.get_by_label("各方陈述及请求").fill("张：要求清除柴草；李：同意挪走。")
    form.get_by_label("调解结果").fill("双方同意签订书面协议。")
    submit(page, form)
    assert page.get_by_test_id("status").get_attribute("data-status") == "mediating"

    form = act(page, "agree")
    form.get_by_label("书面协议").check()
    form.get_by_label("纠纷主要事实").fill("李家在共用通道上堆放柴草")
    form.get_by_label("争议事项").fill("共用通道能否堆放杂物")
    form.get_by_label("各方责任").fill("李小河负主要责任")
    form.get_by_label("协议内容").fill("李小河清除通道柴草，今后不再堆放")
    form.get_by_label("履行事项及期限").fill("李小河清除通道柴草 2030-01-31")
    submit(page, form)
    assert page.get_by_test_id("status").get_attribute("data-status") == "agreed"

    page.get_by_test_id("case-documents").get_by_role("button", name=re.compile("出具")).click()
    page.wait_for_load_state("load")
    link = page.get_by_test_id("case-documents").get_by_role("link", name=re.compile("PDF"))
    pdf = page.request.get(base + link.get_attribute("href")).body()
    assert pdf.startswith(b"%PDF")
    raster = rasterise_first_page(pdf, tmp_path, dpi=40)
    ink = raster.count(lambda r, g, b: r < 128 and g < 128 and b < 128)
    assert ink > 0.005 * raster.width * raster.height

    page.goto(dispute_url)
    submit(page, act(page, "sign"))
    assert page.get_by_test_id("status").get_attribute("data-status") == "performing"
    form = act(page, "visit")
    form.get_by_label("电话回访").check()
    form.get_by_label("部分履行").check()
    form.get_by_label("基本满意").check()
    submit(page, form)
    assert "基本满意" in page.get_by_test_id("visits").inner_text()
    from huajie.mediation.models import Dispute, ScreeningRound

    assert list(ScreeningRound.objects.get().disputes.all()) == [Dispute.objects.get()]
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=screenshots / "mediation-dispute-390.png", full_page=True)
    assert not errors, errors
    context.close()
