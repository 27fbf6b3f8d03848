"""The petitioner portal on a 360 px phone, on the real date: read the guide, submit with the SMS
code read from the file backend, the clerk finds the online petition in the ledger, the staff
answer it, and the petitioner looks it up, downloads the reply, rates 不满意 and asks for review.

The live server runs in another thread, so the date cannot be frozen; a 60-day clock started late
in 2026 needs a 2027 holiday schedule, entered here as an administrator would."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from .conftest import PASSWORD, holidays_ahead

pytestmark = pytest.mark.browser

PHONE = "13907318866"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def county(transactional_db: None) -> dict[str, Any]:
    from huajie.orgs import services
    from huajie.orgs.models import Region, Role, RoleCode, UnitKind, User

    for code, label in RoleCode.choices:
        Role.objects.get_or_create(code=code, defaults={"name": label})
    holidays_ahead()
    region = Region.objects.create(code="439901000000", name="清河县", level="county")
    town = Region.objects.create(code="439901001000", name="城关镇", level="town", parent=region)
    Region.objects.create(code="439901001001", name="东门社区", level="village", parent=town)
    gov = services.unit_create(
        name="清河县人民政府", code="P-QHX", kind=UnitKind.GOVERNMENT, parent=None, acting_user=None
    )
    office = services.unit_create(
        name="清河县信访局",
        code="P-XFJ",
        kind=UnitKind.PETITION_OFFICE,
        parent=gov,
        acting_user=None,
    )
    dept = services.unit_create(
        name="清河县住建局", code="P-ZJJ", kind=UnitKind.DEPARTMENT, parent=gov, acting_user=None
    )

    def user(username: str, unit: Any, role: str) -> Any:
        u = User.objects.create_user(username=username, password=PASSWORD, full_name=username)
        u.unit = unit
        u.save(update_fields=["unit"])
        u.roles.set(Role.objects.filter(code=role))
        return u

    return {
        "clerk": user("clerk", office, RoleCode.CLERK),
        "handler": user("handler", dept, RoleCode.HANDLER),
        "leader": user("leader", dept, RoleCode.LEADER),
        "dept": dept,
        "gov": gov,
    }


@pytest.fixture
def sms_file(settings: Any, tmp_path: Path) -> Path:
    settings.PORTAL_CAPTCHA_TEST_ANSWER = "TEST5"  # the picture shows it; a person reads it
    settings.PORTAL_SMS_BACKEND = "huajie.portal.sms.FileBackend"
    settings.PORTAL_SMS_FILE = str(tmp_path / "sms.log")
    return tmp_path / "sms.log"


def last_text(path: Path) -> str:
    return json.loads(path.read_text("utf-8").splitlines()[-1])["text"]


def staff_answer(people: dict[str, Any], petition_id: int) -> None:
    """The staff steps, through petitions' own services (their screens have their own journey)."""
    from huajie.documents.services import document_issue
    from huajie.petitions import services as s
    from huajie.petitions.models import Petition

    p = Petition.objects.get(pk=petition_id)
    s.petition_accept(petition=p, acting_user=people["clerk"], expected_version=None)
    s.petition_assign(
        petition=p,
        acting_user=people["clerk"],
        expected_version=None,
        handling_unit=people["dept"],
        responsible_leader=people["leader"],
        handler=people["handler"],
    )
    s.petition_start_handling(petition=p, acting_user=people["handler"], expected_version=None)
    s.petition_add_note(
        petition=p, acting_user=people["handler"], expected_version=None, kind="note",
        text="内部记录：已电话联系物业经理",
    )  # fmt: skip
    s.petition_reply(
        petition=p, acting_user=people["handler"], expected_version=None,
        request="督促物业维修外墙", facts="外墙脱落属实。", reasons="物业应负责维修。",
        decision="support", legal_basis="《物业管理条例》第三十五条",
    )  # fmt: skip
    document_issue(target="petition", pk=p.pk, kind="reply", acting_user=people["handler"])


def test_a_petitioner_on_a_phone_submits_follows_rates_and_asks_for_review(
    live_server: Any, browser: Any, county: dict[str, Any], sms_file: Path, screenshots: Path,
    tmp_path: Path,
) -> None:  # fmt: skip
    from huajie.petitions.models import Petition

    base = live_server.url
    phone = browser.new_context(
        locale="zh-CN", viewport={"width": 360, "height": 780}, timezone_id="Asia/Shanghai",
        accept_downloads=True,
    )  # fmt: skip
    page = phone.new_page()
    page.set_default_timeout(20_000)

    page.goto(f"{base}/portal/")
    page.get_by_role("link", name="信访须知").first.click()
    heading = page.get_by_role("heading", name="应通过其他法定途径解决的事项（诉访分离）")
    expect(heading).to_be_visible()
    expect(page.get_by_text("劳动人事争议仲裁委员会").first).to_be_visible()
    page.screenshot(path=str(screenshots / "portal-guide-360.png"), full_page=True)
    page.get_by_role("link", name="我已阅读，开始填写").click()

    page.get_by_label("手机号码").fill(PHONE)
    page.get_by_label("图片中的字符").fill("test5")
    page.get_by_role("button", name="获取验证码").click()
    code = re.search(r"验证码为(\d{6})", last_text(sms_file)).group(1)  # type: ignore[union-attr]
    page.get_by_label("短信验证码（6位数字）").fill(code)
    page.get_by_role("button", name="验证并继续").click()
    page.wait_for_url(f"{base}/portal/submit/form/")

    page.get_by_label("申诉求决类").check()
    page.get_by_label("输入关键词搜索").count()  # the search box exists with scripts on
    page.get_by_label("县（区）").select_option(label="清河县")
    page.get_by_label("乡镇（街道）").select_option(label="城关镇")
    page.get_by_label("村（社区）").select_option(label="东门社区")
    page.get_by_label("一句话写明您的诉求").fill("东门社区3栋外墙瓷砖脱落")
    page.get_by_label("信访内容").fill("外墙瓷砖多处脱落，已砸坏楼下电动车，请求督促物业维修。")
    photo = tmp_path / "墙.png"
    photo.write_bytes(PNG)
    page.get_by_label("附件材料").set_input_files(str(photo))
    page.get_by_label("姓名").fill("刘桂兰")
    page.get_by_label("身份证号码").fill("11010519491231002X")
    page.get_by_label("我已阅读以上说明").check()
    page.screenshot(path=str(screenshots / "portal-form-360.png"), full_page=True)
    page.get_by_role("button", name="提交信访事项").click()
    page.wait_for_url(f"{base}/portal/submit/done/")
    reg_no = page.locator("#reg-no").inner_text()
    query_code = page.locator("#query-code").inner_text()
    assert query_code in last_text(sms_file) and reg_no in last_text(sms_file)
    page.screenshot(path=str(screenshots / "portal-done-360.png"), full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the page scrolls sideways at 360 px ({width})"

    clerk = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 768})
    desk = clerk.new_page()
    desk.goto(f"{base}/accounts/login/")
    desk.get_by_label("用户名").fill("clerk")
    desk.get_by_label("密码").fill(PASSWORD)
    desk.get_by_role("button", name="登录").click()
    desk.wait_for_url(f"{base}/")
    desk.goto(f"{base}/petitions/?channel=online")
    expect(desk.get_by_text(reg_no).first).to_be_visible()
    desk.get_by_text(reg_no).first.click()
    expect(desk.get_by_text("网上信访").first).to_be_visible()
    clerk.close()

    staff_answer(county, Petition.objects.get(reg_no=reg_no).pk)

    page.goto(f"{base}/portal/lookup/")
    page.get_by_label("查询码").fill(query_code.lower())
    page.get_by_label("手机号后四位").fill("1234")
    page.get_by_role("button", name="查询").click()
    assert page.get_by_role("alert").inner_text().startswith("请修改以下内容后重试")
    page.get_by_label("查询码").fill(query_code.lower())
    page.get_by_label("手机号后四位").fill(PHONE[-4:])
    page.get_by_role("button", name="查询").click()
    page.wait_for_url(f"{base}/portal/progress/")
    assert page.locator("#stage").inner_text() == "已答复"
    assert "交由清河县住建局办理" in page.locator("#timeline").inner_text()
    assert "内部记录" not in page.content()
    with page.expect_download() as download:
        page.get_by_role("link", name="下载信访处理意见书（PDF）").click()
    assert download.value.path().read_bytes().startswith(b"%PDF")

    page.get_by_label("不满意").check()
    page.get_by_label("意见（选填）").fill("答复没有说明维修时间")
    page.get_by_role("button", name="提交评价").click()
    expect(page.get_by_text("谢谢！您的评价已记录。")).to_be_visible()
    page.get_by_label("申请理由").fill("物业至今未维修，请上级机关复查。")
    page.get_by_role("button", name="提交申请").click()
    assert page.locator("#stage").inner_text() == "复查中"
    assert "您申请复查，复查机关：清河县人民政府" in page.locator("#timeline").inner_text()
    page.screenshot(path=str(screenshots / "portal-progress-360.png"), full_page=True)
    phone.close()

    p = Petition.objects.get(reg_no=reg_no)
    assert (p.status, p.satisfaction, p.channel) == ("under_review", "unsatisfied", "online")
    sources = set(
        p.events.filter(action__in=["evaluate", "request_review"]).values_list("source", flat=True)
    )
    assert sources == {"portal"}
