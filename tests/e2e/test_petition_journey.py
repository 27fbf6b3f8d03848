"""A petition's whole life through a real browser, on the real date.

The live server runs in another thread, so "today" cannot be frozen: the journey runs on the
machine's date. A 60-day handling clock started late in 2026 ends in 2027, a year the
chinesecalendar package does not cover, so the fixture enters a 2027 holiday schedule the way an
administrator would (the service refuses to guess a missing year).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from .conftest import PASSWORD, holidays_ahead

pytestmark = pytest.mark.browser

IDS = ["11010519491231002X", "110101199003070134", "110101199003076694"]
PHONE = (1366, 768), (390, 844)


@dataclass
class People:
    clerk: Any
    handler: Any
    dept_leader: Any
    office_leader: Any
    dept: Any


@pytest.fixture
def county(transactional_db: None) -> People:
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
    dept = services.unit_create(
        name="清河县住房和城乡建设局",
        code="E2E-ZJJ",
        kind=UnitKind.DEPARTMENT,
        parent=county,
        acting_user=None,
    )

    def user(username: str, name: str, unit: Any, role: str, title: str) -> Any:
        u = User.objects.create_user(
            username=username, password=PASSWORD, full_name=name, title=title
        )
        u.unit = unit
        u.save(update_fields=["unit"])
        u.roles.set(Role.objects.filter(code=role))
        return u

    return People(
        clerk=user("clerk", "王丽", office, RoleCode.CLERK, "来访接待科科员"),
        handler=user("handler", "李强", dept, RoleCode.HANDLER, "房管股股长"),
        dept_leader=user("zjj-leader", "周明", dept, RoleCode.LEADER, "住建局副局长"),
        office_leader=user("xfj-leader", "赵军", office, RoleCode.LEADER, "信访局局长"),
        dept=dept,
    )


def log_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base}/")


def log_out(page: Any) -> None:
    page.locator(".hj-topbar").get_by_role("button", name="退出登录").click()
    page.wait_for_url(re.compile(r"/accounts/login/"))


def focused(page: Any) -> str:
    return str(page.evaluate("document.activeElement && document.activeElement.name"))


def tab_to(page: Any, name: str) -> None:
    page.keyboard.press("Tab")
    assert focused(page) == name, f"Tab reached {focused(page)!r}, expected {name!r}"


def type_into(page: Any, name: str, text: str) -> None:
    tab_to(page, name)
    page.keyboard.insert_text(text)


def act(page: Any, action: str) -> Any:
    """Open an action's panel by its button; returns the panel's form."""
    page.locator(f'[data-testid="actions"] [data-action="{action}"]').click()
    form = page.get_by_test_id(f"form-{action}")
    form.wait_for(state="visible")
    return form


def submit(page: Any, form: Any) -> None:
    form.locator("button[type=submit]").click()
    page.wait_for_load_state("load")
    assert page.get_by_test_id("case-error").count() == 0, page.get_by_test_id(
        "case-error"
    ).inner_text()


def shoot(page: Any, screenshots: Path, name: str) -> None:
    page.set_viewport_size({"width": 360, "height": 740})  # the narrowest phone we support
    page.wait_for_timeout(100)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, f"{name} overflows 360"
    for width, height in PHONE:
        page.set_viewport_size({"width": width, "height": height})
        page.evaluate("window.scrollTo(0, 0)")
        page.wait_for_timeout(150)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{name} overflows"
        page.screenshot(path=screenshots / f"{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1366, "height": 768})


def register_by_keyboard(page: Any) -> None:
    page.locator('input[name="received_on"]').focus()
    tab_to(page, "channel")  # 来访 is preselected: Tab enters the group on it
    tab_to(page, "petition_class")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")  # 建议意见类 → 检举控告类 → 申诉求决类
    assert (
        page.locator('input[name="petition_class"]:checked').get_attribute("value") == "complaint"
    )
    # 被反映单位 is asked for 检举控告类 only; 匿名 is left unticked.
    tab_to(page, "anonymous")
    type_into(page, "p-0-name", "刘桂兰")
    type_into(page, "p-0-id_number", IDS[0])
    type_into(page, "p-0-phone", "13812345678")
    type_into(page, "p-0-address", "清河县城关镇东门社区3栋")
    tab_to(page, "p-0-is_representative")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")  # the row's remove button
    page.keyboard.press("Tab")  # 添加信访人
    page.keyboard.press("Enter")
    assert focused(page) == "p-1-name"
    page.keyboard.insert_text("张建民")
    type_into(page, "p-1-id_number", IDS[1])
    page.keyboard.press("Enter")  # Enter moves on; it never submits half a form
    assert focused(page) == "p-1-phone" and "/petitions/new/" in page.url
    page.keyboard.insert_text("13912345678")
    page.keyboard.press("Tab")
    tab_to(page, "p-1-is_representative")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    tab_to(page, "is_group")
    page.keyboard.press("Space")
    type_into(page, "headcount", "12")
    type_into(page, "title", "小区外墙瓷砖脱落无人维修")
    type_into(page, "content", "东门社区3栋外墙瓷砖脱落，砸坏车辆，多次向物业反映无果。")
    page.keyboard.press("Enter")  # a new line in the content, not a submission
    page.keyboard.insert_text("请求住建部门督促维修。")
    tab_to(page, "category_search")  # typing here narrows the 问题分类 list
    tab_to(page, "category")
    tab_to(page, "region")
    type_into(page, "place", "东门社区3栋北侧")
    page.keyboard.press("Enter")
    assert "/petitions/new/" in page.url
    page.keyboard.press("Control+Enter")
    page.wait_for_url(re.compile(r"/petitions/\d+/$"))


def test_a_group_visit_from_registration_to_closed_on_time(
    live_server: Any, page: Any, county: People, screenshots: Path
) -> None:
    base = live_server.url
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    log_in(page, base, "clerk")
    page.get_by_role("link", name="登记信访事项").click()
    page.wait_for_url(f"{base}/petitions/new/")
    page.emulate_media(reduced_motion="reduce")  # Bootstrap then animates nothing
    shoot(page, screenshots, "petition-register")

    # A refusal keeps everything typed and points at the row that is wrong.
    page.get_by_text("申诉求决类").click()
    page.locator('input[name="p-0-name"]').fill("刘桂兰")
    page.locator('input[name="p-0-id_number"]').fill(IDS[0][:-1] + "9")
    page.locator('input[name="title"]').fill("试填")
    page.get_by_role("button", name="登记", exact=True).click()
    page.wait_for_load_state("load")
    form_errors = page.get_by_test_id("form-errors")
    expect(form_errors.get_by_role("link", name="第1人身份证号")).to_be_visible()
    expect(
        page.locator("#id_p-0-id_number-error").get_by_text("身份证号码校验位不正确")
    ).to_be_visible()
    assert page.locator('input[name="title"]').input_value() == "试填"
    assert focused(page) == "p-0-id_number"
    shoot(page, screenshots, "petition-register-error")
    page.goto(f"{base}/petitions/new/")

    register_by_keyboard(page)
    expect(
        page.get_by_text(re.compile(r"已登记，编号 E2E-XFJ-\d{4}-\d{5}，查询码 \w{8}"))
    ).to_be_visible()
    case_url = page.url
    expect(page.get_by_test_id("petitioners").get_by_text("1101**********002X")).to_be_visible()
    expect(page.get_by_text("代表2")).to_be_visible()

    form = act(page, "accept")
    submit(page, form)
    expect(page.get_by_text("已受理，60日办理期限开始计算。")).to_be_visible()
    handling = page.get_by_test_id("case-header").locator(".hj-clock", has_text="办理")
    rule = handling.get_attribute("title") or handling.get_attribute("data-bs-original-title")
    assert "《信访工作条例》第三十四条 · 60日 · 自受理之日起" in rule  # Bootstrap moves the title
    handling.focus()  # a tap or the keyboard shows the rule, not only a mouse hover
    expect(page.locator(".tooltip", has_text="第三十四条")).to_be_visible()

    # The acceptance notice gets its number when the clerk issues it, then downloads as issued.
    documents = page.get_by_test_id("case-documents")
    assert not documents.get_by_role("link", name=re.compile("Word")).count()
    documents.get_by_role("button", name="出具受理告知书（分配发文字号）").click()
    page.wait_for_load_state("load")
    expect(
        page.get_by_text(re.compile(r"已出具受理告知书，发文字号E2E-XFJ告〔\d{4}〕1号"))
    ).to_be_visible()
    shoot(page, screenshots, "petition-case-documents")
    with page.expect_download() as download:
        documents.get_by_role("link", name="受理告知书 Word 版（可编辑）").click()
    assert download.value.suggested_filename.endswith("-受理告知书.docx")

    form = act(page, "assign")
    # Choosing the unit swaps in its people's selects (HTMX); wait for the new ones, not for an
    # option count the old selects may already have.
    # (A mark on the old select and a locator: wait_for_function evaluates a string, which the
    # page's CSP refuses.)
    page.evaluate("document.querySelector('#id_assign-handler').dataset.hjOld = '1'")
    form.get_by_label("承办单位").select_option(value=str(county.dept.pk))
    expect(page.locator("#id_assign-handler:not([data-hj-old]) option")).to_have_count(2)
    form.get_by_label("包案领导").select_option(label="周明（住建局副局长）")
    form.get_by_label("承办人").select_option(label="李强（房管股股长）")
    shoot(page, screenshots, "petition-case-assign")
    submit(page, form)
    expect(page.get_by_text("已交办。")).to_be_visible()
    shoot(page, screenshots, "petition-case")
    log_out(page)

    log_in(page, base, "handler")
    page.goto(f"{base}/petitions/my/")
    page.get_by_role("link", name="小区外墙瓷砖脱落无人维修").click()
    submit(page, act(page, "start_handling"))
    form = act(page, "reply")
    form.get_by_label("查明事实").fill("经现场查看，外墙瓷砖脱落属实，属物业维修责任范围。")
    form.get_by_label("处理理由").fill("物业服务企业应当及时维修共用部位。")
    form.get_by_text("支持", exact=True).click()
    form.get_by_label("法律、法规或政策依据").fill("《物业管理条例》第五十五条")
    shoot(page, screenshots, "petition-case-reply")
    submit(page, form)
    expect(page.get_by_test_id("reply")).to_be_visible()
    log_out(page)

    log_in(page, base, "clerk")
    page.goto(case_url)
    form = act(page, "evaluate")
    form.get_by_text("满意", exact=True).click()
    submit(page, form)
    submit(page, act(page, "close"))
    expect(page.get_by_text("已办结。")).to_be_visible()
    expect(page.get_by_test_id("case-header").get_by_text("已办结")).to_be_visible()
    shoot(page, screenshots, "petition-case-closed")

    page.goto(f"{base}/petitions/")
    shoot(page, screenshots, "petition-ledger")
    page.get_by_label("期限").select_option(label="按期办结")
    page.get_by_role("button", name="查询").click()
    page.wait_for_url(re.compile(r"clock=closed_on_time"))
    row = page.locator("tbody tr", has_text="小区外墙瓷砖脱落无人维修")
    expect(row.get_by_text("按期办结")).to_be_visible()
    expect(row.get_by_text("已办结")).to_be_visible()
    assert page.get_by_test_id("ledger-count").inner_text().startswith("共 1 条")
    assert errors == []  # no script error on any screen of the journey


def test_a_leader_opens_the_deadline_alerts_from_the_home_page(
    live_server: Any, page: Any, county: People, screenshots: Path
) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from huajie.petitions.selectors import DUE_SOON_DAYS
    from huajie.petitions.services import PetitionerInput, RegistrationInput, petition_register
    from huajie.petitions.services.clocks import registration_due_dates

    today = timezone.localdate()
    # Which date received makes a case overdue or due soon depends on weekends and holidays
    # around today: the ages are picked with the registration's own clock computation.
    ages = range(1, 40)
    dues = registration_due_dates(today - timedelta(days=age) for age in ages)
    soon_age = next(
        age
        for age in ages
        if (due := dues[today - timedelta(days=age)])
        and today <= due <= today + timedelta(days=DUE_SOON_DAYS)
    )
    late_age = next(
        age for age in ages if (due := dues[today - timedelta(days=age)]) and due < today
    )
    fresh = [
        age
        for age in ages
        if (due := dues[today - timedelta(days=age)])
        and due > today + timedelta(days=DUE_SOON_DAYS)
    ]
    for days_ago, title in (
        (late_age, "村道塌方无人修复"),
        (soon_age, "拖欠农民工工资"),
        (fresh[0], "路灯不亮"),
    ):
        petition_register(
            unit=county.clerk.unit,
            acting_user=county.clerk,
            data=RegistrationInput(
                channel="phone",
                petition_class="complaint",
                title=title,
                content=title,
                received_on=today - timedelta(days=days_ago),
                petitioners=[PetitionerInput(name="陈秀英", phone="13700001111")],
            ),
        )
    log_in(page, live_server.url, "xfj-leader")
    page.get_by_role("main").get_by_role("link", name="期限预警").click()
    page.wait_for_url(re.compile(r"/petitions/supervision/"))
    assert page.get_by_test_id("count-overdue").inner_text() == "1"
    assert page.get_by_test_id("count-due-soon").inner_text() == "1"
    assert page.get_by_text("路灯不亮").count() == 0
    shoot(page, screenshots, "petition-supervision")

    page.goto(f"{live_server.url}/petitions/my/")
    assert page.locator("tbody tr").count() == 3
    shoot(page, screenshots, "petition-my-work")


def test_print_of_the_ledger_has_no_chrome(
    live_server: Any, page: Any, county: People, screenshots: Path
) -> None:
    from django.utils import timezone

    from huajie.petitions.services import PetitionerInput, RegistrationInput, petition_register

    for title in ("村道塌方无人修复", "拖欠农民工工资"):
        petition_register(
            unit=county.clerk.unit,
            acting_user=county.clerk,
            data=RegistrationInput(
                channel="letter",
                petition_class="complaint",
                title=title,
                content=title,
                received_on=timezone.localdate(),
                petitioners=[PetitionerInput(name="陈秀英")],
            ),
        )
    log_in(page, live_server.url, "clerk")
    page.goto(f"{live_server.url}/petitions/")
    page.set_viewport_size({"width": 680, "height": 1010})  # A4 inside 15 mm margins, 96 dpi
    page.emulate_media(media="print")
    page.screenshot(path=screenshots / "petition-ledger-print.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 680
    expect(page.get_by_test_id("ledger-filters")).not_to_be_visible()
    expect(page.locator(".hj-sidebar")).not_to_be_visible()
    expect(page.get_by_role("heading", name="信访台账")).to_be_visible()
