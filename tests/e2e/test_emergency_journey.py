"""The emergency journey in the browser: the duty officer logs a call and registers it as an
incident from the duty log → the commander activates the plan on a phone → two work-group
members open the notice and tap 收到 and 到达 on a phone-width page → the commander files 首报,
stands the response down, files 终报, writes the review and downloads the after-action report
as PDF. On the way the commander logs a scene photo, shown as a thumbnail. A second journey:
the inspection plan's check on a phone, a failed item registered as a hazard with its photo."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from .conftest import PASSWORD

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def world(transactional_db: None) -> Any:
    from django.utils import timezone

    from huajie.duty.services.log import entry_create
    from huajie.emergency.tests.factories import make_world
    from huajie.orgs.models import Role, RoleCode

    for code, label in RoleCode.choices:
        Role.objects.get_or_create(code=code, defaults={"name": label})
    w = make_world()
    w.entry = entry_create(
        unit=w.duty.unit, received_at=timezone.now() - timedelta(minutes=2), channel="call",
        content="石门寺管委会来电：观音殿起火，香客约30人正在疏散，1人轻微烧伤。",
        caller_org="石门寺管委会", acting_user=w.duty,
    )  # fmt: skip
    return w


def _login(browser: Any, base: str, username: str, viewport: dict[str, int]) -> Any:
    context = browser.new_context(locale="zh-CN", viewport=viewport, timezone_id="Asia/Shanghai",
                                  accept_downloads=True)  # fmt: skip
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base}/")
    return page


def test_duty_call_to_incident_to_review_pdf(
    browser: Any, live_server: Any, world: Any, screenshots: Path
) -> None:
    base = live_server.url
    w = world
    duty = _login(browser, base, w.duty.username, {"width": 1366, "height": 768})
    duty.goto(f"{base}/duty/log/{w.entry.pk}/")
    duty.get_by_test_id("hand-off").get_by_role("link", name="登记为突发事件").click()
    assert "转自：值班记录" in duty.get_by_test_id("intake-source").inner_text()
    form = duty.get_by_test_id("incident-form")
    form.get_by_label("事件类型").select_option(label="寺庙火灾（清河县寺庙火灾事故应急预案）")
    form.get_by_label("具体地点").fill("石门乡石门寺观音殿")
    form.get_by_label("涉及人数").fill("30")
    form.get_by_label("受伤人数").fill("1")
    form.get_by_test_id("submit").click()
    duty.wait_for_url(f"{base}/emergency/incidents/*/")
    incident_url = duty.url
    assert "已接报" in duty.get_by_test_id("status").inner_text()

    commander = _login(browser, base, w.commander.username, PHONE)
    commander.goto(incident_url)
    commander.once("dialog", lambda dialog: dialog.accept())
    commander.get_by_test_id("activate").click()
    commander.wait_for_load_state()
    assert "应急响应中" in commander.get_by_test_id("status").inner_text()
    commander.screenshot(path=str(screenshots / "emergency-incident-390.png"), full_page=True)

    for who in (w.fire_member, w.medic):  # two members, each on a phone
        member = _login(browser, base, who.username, PHONE)
        member.get_by_test_id("bell").click()
        member.get_by_text("启动Ⅳ级应急响应").first.click()
        member.wait_for_url(incident_url + "me/")
        member.get_by_test_id("ack").click()
        member.get_by_test_id("arrive").click()
        assert "已到达现场" in member.get_by_test_id("callout").inner_text()
        member.screenshot(path=str(screenshots / "emergency-callout-390.png"), full_page=True)
        member.context.close()
    commander.goto(f"{base}/emergency/")
    assert commander.get_by_test_id("board-incident").locator(".em-arrived").count() == 2

    commander.goto(incident_url)
    commander.get_by_label("内容").fill("观音殿明火已压制，现场照片。")
    commander.get_by_label("照片或录音").set_input_files(str(_photo(screenshots)))
    commander.get_by_role("button", name="记录", exact=True).click()
    commander.wait_for_load_state()
    _thumb_loaded(commander, "#log img.em-thumb")

    commander.goto(incident_url)
    report = commander.get_by_test_id("report-form")
    report.get_by_label("事件经过").fill("观音殿供灯引燃帷幔，已疏散香客30人。")
    report.get_by_label("已采取的措施").fill("切断电源，消防车到场扑救。")
    report.get_by_label("下一步工作").fill("清理火场，核查文物损失。")
    report.get_by_test_id("file-report").click()
    assert "按时" in commander.get_by_test_id("report").first.inner_text()
    commander.get_by_label("处置结果").fill("明火已扑灭，现场恢复秩序。")
    commander.once("dialog", lambda dialog: dialog.accept())
    commander.get_by_test_id("stand-down").click()
    commander.wait_for_load_state()
    assert "响应已终止" in commander.get_by_test_id("status").inner_text()
    report = commander.get_by_test_id("report-form")
    commander.locator("#reports summary").click()
    report.get_by_label("报告类别").select_option("final")
    report.get_by_label("事件经过").fill("火灾已扑灭。")
    report.get_by_label("已采取的措施").fill("疏散、扑救、救治。")
    report.get_by_label("下一步工作").fill("总结评估。")
    report.get_by_test_id("file-report").click()
    review = commander.get_by_test_id("review-form")
    review.get_by_label("处置经过和结果").fill("接报后及时启动预案，30分钟内扑灭明火。")
    review.get_by_label("经验做法").fill("工作组到场迅速。")
    review.get_by_label("存在问题").fill("消防通道被摊位占用。")
    review.get_by_test_id("review").click()
    assert "已评估归档" in commander.get_by_test_id("status").inner_text()
    docs = commander.get_by_test_id("case-documents")
    docs.get_by_role("button", name="出具总结评估报告（分配发文字号）").click()
    with commander.expect_download() as download:
        commander.get_by_test_id("case-documents").get_by_role(
            "link", name="总结评估报告 PDF 版（打印）"
        ).click()
    path = download.value.path()
    assert Path(path).read_bytes()[:4] == b"%PDF"


def _thumb_loaded(page: Any, selector: str) -> None:
    """The thumbnail is served (to this signed-in user) and decodes as an image."""
    thumb = page.locator(selector).first
    thumb.scroll_into_view_if_needed()
    page.wait_for_function("(img) => img.complete && img.naturalWidth > 0",
                           arg=thumb.element_handle())  # fmt: skip


def _photo(folder: Path) -> Path:
    from PIL import Image

    path = folder / "emergency-scene-photo.jpg"
    Image.new("RGB", (640, 480), (180, 60, 40)).save(path, "JPEG")
    return path


def test_an_inspection_on_a_phone_registers_a_hazard_with_its_photo(
    browser: Any, live_server: Any, world: Any, screenshots: Path
) -> None:
    from django.utils import timezone

    from huajie.emergency.models import KeyPlace
    from huajie.emergency.services import inspections as ins

    w = world
    place = KeyPlace.objects.create(unit=w.emergency_unit, name="石门寺", checklist="灭火器")
    ins.inspection_plan_save(acting_user=w.commander, data=ins.InspectionPlanInput(
        place=place, name="消防通道", checklist="安全出口畅通", frequency="weekly",
        starts_on=timezone.localdate(), inspector=w.commander, rectify_days=7,
    ))  # fmt: skip
    base = live_server.url
    page = _login(browser, base, w.commander.username, PHONE)
    page.goto(f"{base}/emergency/inspections/")
    assert "待排查" in page.get_by_test_id("inspection-state").inner_text()
    page.screenshot(path=str(screenshots / "emergency-inspections-390.png"), full_page=True)
    page.get_by_role("link", name="登记排查").click()
    page.get_by_label("不合格").check()
    page.get_by_label("隐患情况").fill("后门安全出口被杂物堵塞")
    page.get_by_label("整改责任人").select_option(index=1)
    page.get_by_label("隐患照片").set_input_files(str(_photo(screenshots)))
    page.get_by_role("button", name="提交排查记录").click()
    page.wait_for_url(f"{base}/emergency/inspections/")
    assert "已排查" in page.get_by_test_id("inspection-state").inner_text()
    page.goto(f"{base}/emergency/hazards/")
    page.get_by_role("link", name="安全出口畅通").click()
    _thumb_loaded(page, "img.em-thumb")
    page.screenshot(path=str(screenshots / "emergency-hazard-photo-390.png"), full_page=True)
