"""Smoke test through a real browser: log in, see the home page, switch language and back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from .conftest import PASSWORD

pytestmark = pytest.mark.browser


def log_in(page: Any, base: str) -> None:
    page.goto(f"{base}/")
    assert "/accounts/login/" in page.url
    page.get_by_label("用户名").fill("clerk")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base}/")


def switch_language(page: Any, name: str) -> None:
    page.get_by_test_id("language-menu").click()
    page.get_by_role("button", name=name).click()
    page.wait_for_load_state("load")


def test_clerk_logs_in_switches_language_and_back(
    live_server: Any, page: Any, demo_clerk: Any, screenshots: Path
) -> None:
    base = live_server.url
    page.goto(f"{base}/accounts/login/")
    assert page.get_by_text("信访·调解·值班·应急 一体化平台").is_visible()
    page.screenshot(path=screenshots / "login-1366.png", full_page=True)

    log_in(page, base)
    assert page.get_by_role("heading", name="您好，王丽").is_visible()
    assert page.get_by_text("清河县信访局").first.is_visible()
    assert page.get_by_text("登记信访事项").is_visible()
    page.screenshot(path=screenshots / "home-1366.png", full_page=True)

    switch_language(page, "English")
    assert page.get_by_role("heading", name="Hello, 王丽").is_visible()
    assert page.get_by_role("link", name="Organisation").is_visible()
    assert page.locator("html").get_attribute("lang") == "en"
    page.screenshot(path=screenshots / "home-en-1366.png", full_page=True)

    switch_language(page, "简体中文")
    assert page.get_by_role("heading", name="您好，王丽").is_visible()


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
    assert page.get_by_test_id("login-error").get_by_text("用户名或密码不正确").is_visible()
    page.screenshot(path=screenshots / "login-error-390.png", full_page=True)
    log_in(page, base)

    organisation = page.get_by_role("link", name="组织机构")
    assert not organisation.is_visible()
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
    assert not page.locator(".hj-topbar").is_visible()
    assert not page.locator(".hj-sidebar").is_visible()
    assert page.get_by_role("heading", name="您好，王丽").is_visible()
