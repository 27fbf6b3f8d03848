"""Two-step sign-in in a real browser: a leader whose role requires it enrols after the password
(QR code and key, first code, recovery codes), signs out, and signs in again with a code the
test computes from the key as an authenticator app would."""

from __future__ import annotations

from base64 import b32decode
from pathlib import Path
from typing import Any

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

from .conftest import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def leader(demo_clerk: Any) -> Any:
    from huajie.orgs.models import Role, RoleCode, User

    user = User.objects.create_user(username="leader", password=PASSWORD, full_name="赵强")
    user.unit = demo_clerk.unit
    user.save(update_fields=["unit"])
    user.roles.set(Role.objects.filter(code=RoleCode.LEADER))
    return user


def app_code(secret: str, steps_ahead: int = 0) -> str:
    key = b32decode(secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8))
    return f"{totp(key, drift=steps_ahead):06d}"


def password_step(page: Any, base: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill("leader")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()


def test_a_leader_enrols_signs_out_and_signs_in_with_a_code(
    live_server: Any, page: Any, leader: Any, settings: Any, screenshots: Path
) -> None:
    settings.HUAJIE_2FA_REQUIRED_ROLES = ["leader", "admin"]
    base = live_server.url
    password_step(page, base)
    page.wait_for_url("**/accounts/security/enrol/**")
    expect(page.get_by_text("您的角色须使用两步验证")).to_be_visible()
    expect(page.get_by_test_id("otp-qr").locator("svg")).to_be_visible()
    page.screenshot(path=screenshots / "otp-enrol-1366.png", full_page=True)
    page.goto(f"{base}/petitions/")  # nothing else until enrolled
    page.wait_for_url("**/accounts/security/enrol/**")

    secret = page.get_by_test_id("otp-secret").inner_text()
    page.get_by_label("应用显示的 6 位验证码").fill(app_code(secret))
    page.get_by_role("button", name="确认并启用").click()
    page.wait_for_url("**/accounts/security/recovery-codes/**")
    expect(page.get_by_test_id("recovery-codes").locator("li")).to_have_count(10)
    page.screenshot(path=screenshots / "otp-recovery-codes-1366.png", full_page=True)
    page.get_by_test_id("continue").click()
    page.wait_for_url(f"{base}/petitions/")  # where the leader was going

    page.get_by_role("button", name="退出登录").click()
    page.wait_for_url("**/accounts/login/")
    password_step(page, base)
    page.wait_for_url("**/accounts/login/code/**")
    field = page.get_by_test_id("otp-code")
    field.fill("000000")
    page.get_by_role("button", name="验证并登录").click()
    expect(page.get_by_test_id("otp-error")).to_contain_text("验证码不正确或已使用过")
    page.screenshot(path=screenshots / "otp-code-error-1366.png", full_page=True)
    # The code used at enrolment is spent: the app's next one, as the test computes it.
    page.get_by_test_id("otp-code").fill(app_code(secret, 1))
    page.get_by_role("button", name="验证并登录").click()
    expect(page.get_by_role("heading", name="您好，赵强")).to_be_visible()

    page.get_by_test_id("user-name").click()
    page.wait_for_url("**/accounts/security/")
    expect(page.get_by_test_id("security-2fa").get_by_text("已启用")).to_be_visible()
    expect(page.get_by_text("未用的恢复码 10 个。")).to_be_visible()


def test_the_code_step_fits_a_phone(
    live_server: Any, page: Any, leader: Any, screenshots: Path
) -> None:
    from huajie.accounts.tests.twofactor_helpers import enrol

    enrol(leader)
    page.set_viewport_size({"width": 390, "height": 844})
    password_step(page, live_server.url)
    page.wait_for_url("**/accounts/login/code/**")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=screenshots / "otp-code-390.png", full_page=True)
