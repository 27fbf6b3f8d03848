"""Smoke test through a real browser: log in, see the home page, switch language and back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from .conftest import PASSWORD

pytestmark = pytest.mark.browser


def log_in(page: Any, base: str) -> None:
    page.goto(f"{base}/")
    assert "/accounts/login/" in page.url
    page.get_by_label("用户名").fill("clerk")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base}/")


def switch_language(page: Any, name: str, code: str) -> None:
    page.get_by_test_id("language-menu").click()
    page.get_by_role("button", name=name).click()
    expect(page.locator("html")).to_have_attribute("lang", code)


def test_clerk_logs_in_switches_language_and_back(
    live_server: Any, page: Any, demo_clerk: Any, screenshots: Path
) -> None:
    base = live_server.url
    page.goto(f"{base}/accounts/login/")
    expect(page.get_by_text("信访·调解·值班·应急 一体化平台")).to_be_visible()
    page.screenshot(path=screenshots / "login-1366.png", full_page=True)

    log_in(page, base)
    expect(page.get_by_role("heading", name="您好，王丽")).to_be_visible()
    expect(page.get_by_text("清河县信访局").first).to_be_visible()
    expect(page.get_by_text("登记信访事项")).to_be_visible()
    page.screenshot(path=screenshots / "home-1366.png", full_page=True)

    switch_language(page, "English", "en")
    expect(page.get_by_role("heading", name="Hello, 王丽")).to_be_visible()
    expect(page.get_by_role("link", name="Organisation")).to_be_visible()
    page.screenshot(path=screenshots / "home-en-1366.png", full_page=True)

    switch_language(page, "简体中文", "zh-hans")
    expect(page.get_by_role("heading", name="您好，王丽")).to_be_visible()


def test_phone_width_collapses_the_navigation_into_an_offcanvas(
    live_server: Any, page: Any, demo_clerk: Any, screenshots: Path
) -> None:
    base = live_server.url
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base}/accounts/login/")
    page.screenshot(path=screenshots / "login-390.png", full_page=True)
    page.get_by_label("用户名").fill("clerk")
    page.get_by_label("密码").fill("not-the-password")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_test_id("login-error").get_by_text("用户名或密码不正确")).to_be_visible()
    page.screenshot(path=screenshots / "login-error-390.png", full_page=True)
    log_in(page, base)

    organisation = page.get_by_role("link", name="组织机构")
    expect(organisation).to_be_hidden()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=screenshots / "home-390.png", full_page=True)

    page.get_by_role("button", name="打开导航").click()
    page.wait_for_selector("#hj-nav.show:not(.showing)")  # the slide-in has finished
    box = organisation.bounding_box()
    assert box is not None and box["height"] >= 44
    page.screenshot(path=screenshots / "nav-390.png")

    organisation.click()
    page.wait_for_url(f"{base}/orgs/")
    page.screenshot(path=screenshots / "orgs-390.png", full_page=True)


def test_print_has_no_navigation_chrome(live_server: Any, page: Any, demo_clerk: Any) -> None:
    log_in(page, live_server.url)
    page.emulate_media(media="print")
    expect(page.locator(".hj-topbar")).to_be_hidden()
    expect(page.locator(".hj-sidebar")).to_be_hidden()
    expect(page.get_by_role("heading", name="您好，王丽")).to_be_visible()


def test_an_administrator_sees_every_administration_link(
    live_server: Any, page: Any, demo_clerk: Any, screenshots: Path
) -> None:
    from huajie.orgs.models import Role, RoleCode

    demo_clerk.is_staff = True
    demo_clerk.save(update_fields=["is_staff"])
    demo_clerk.roles.add(*Role.objects.filter(code__in=[RoleCode.ADMIN, RoleCode.HANDLER]))
    log_in(page, live_server.url)
    card = page.locator("[data-role=admin]")
    for name in ["组织机构", "用户管理", "节假日安排", "安全审计"]:
        expect(card.get_by_role("link", name=name)).to_be_visible()
    page.screenshot(path=screenshots / "home-admin-1366.png", full_page=True)

    card.get_by_role("link", name="安全审计").click()
    page.wait_for_url("**/admin/accounts/securityevent/")
    page.screenshot(path=screenshots / "audit-1366.png", full_page=True)
    results = page.locator("#result_list")
    expect(results.get_by_text("clerk", exact=True).first).to_be_visible()
    # nobody may add events (the side menu may offer adding rows of other tables)
    expect(page.locator("#content").get_by_role("link", name="增加")).to_have_count(0)
