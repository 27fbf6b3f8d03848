"""Signing in with two steps: the code page, enrolment forced on the roles that require it,
recovery codes, the lockout, and what a session may do before it has passed its gates."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from huajie.accounts.models import SecurityEvent, SecurityEventKind
from huajie.orgs.models import RoleCode
from huajie.orgs.tests.factories import make_user

from .conftest import PASSWORD, login
from .twofactor_helpers import code, enrol

K = SecurityEventKind
CODE_PAGE = "/accounts/login/code/"
ENROL_PAGE = "/accounts/security/enrol/"
REQUIRED = override_settings(HUAJIE_2FA_REQUIRED_ROLES=["leader", "admin"])


@pytest.fixture
def leader(unit):
    return make_user(unit, RoleCode.LEADER, username="zhaoqiang")


def signed_in(client: Client) -> bool:
    return client.get("/").status_code == 200


def test_an_enrolled_user_gives_a_code_after_the_password_and_only_then_is_logged_in(
    client, leader
):
    device, _codes = enrol(leader)
    response = client.post(
        "/accounts/login/",
        {"username": "zhaoqiang", "password": PASSWORD, "next": "/petitions/"},
    )
    response = client.get(response["Location"])
    assert response.status_code == 302 and response["Location"].startswith(CODE_PAGE)
    assert "next=%2Fpetitions%2F" in response["Location"]
    assert not signed_in(client)
    assert SecurityEvent.objects.filter(user=leader).latest("id").kind == K.SIGNIN_STARTED
    session_before = client.session.session_key

    response = client.post(CODE_PAGE, {"code": code(device, 1), "next": "/petitions/"})
    assert response.status_code == 302 and response["Location"] == "/petitions/"
    assert signed_in(client) and client.session.session_key != session_before
    assert list(SecurityEvent.objects.filter(user=leader).values_list("kind", flat=True))[:2] == [
        K.LOGIN,
        K.OTP_PASSED,
    ]


def test_a_wrong_code_is_refused_with_a_chinese_sentence(client, leader):
    enrol(leader)
    login(client, "zhaoqiang")
    response = client.post(CODE_PAGE, {"code": "000000"})
    assert response.status_code == 200
    assert (
        "验证码不正确或已使用过，请输入验证器应用当前显示的 6 位数字" in response.content.decode()
    )
    assert not signed_in(client)


def test_five_wrong_codes_sign_the_session_out_and_lock_the_password_too(client, leader):
    device, _codes = enrol(leader)
    login(client, "zhaoqiang")
    for _ in range(5):
        response = client.post(CODE_PAGE, {"code": "000000"})
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    page = client.get("/accounts/login/").content.decode()
    assert "登录失败次数过多，账户已锁定" in page
    response = login(client, "zhaoqiang")
    assert "账户已锁定" in response.content.decode()  # the right password, refused
    assert client.post(CODE_PAGE, {"code": code(device, 1)}).status_code == 302
    assert not signed_in(client)


def test_wrong_passwords_and_wrong_codes_count_together(client, leader):
    enrol(leader)
    for _ in range(3):
        login(client, "zhaoqiang", "wrong-password")
    login(client, "zhaoqiang")
    client.post(CODE_PAGE, {"code": "000000"})
    response = client.post(CODE_PAGE, {"code": "000000"})
    assert response["Location"] == "/accounts/login/"


def test_a_recovery_code_signs_in_and_says_how_many_are_left(client, leader):
    _device, codes = enrol(leader)
    login(client, "zhaoqiang")
    response = client.post(CODE_PAGE, {"code": codes[3]}, follow=True)
    assert "您已使用一个恢复码登录，还剩 9 个" in response.content.decode()
    assert signed_in(client)
    assert SecurityEvent.objects.filter(user=leader, kind=K.RECOVERY_USED).exists()


def test_the_gated_session_reaches_no_page_and_no_api(client, leader):
    enrol(leader)
    login(client, "zhaoqiang")
    assert client.get("/petitions/")["Location"].startswith(CODE_PAGE)
    response = client.get("/api/v1/petitions/")
    assert response.status_code == 403 and response.json()["code"] == "signin_incomplete"
    assert client.get(ENROL_PAGE)["Location"].startswith(CODE_PAGE)
    assert client.post("/accounts/logout/").status_code == 302


def test_the_admin_login_passes_the_same_gate(client, unit):
    admin = make_user(unit, RoleCode.ADMIN, username="sysadmin")
    admin.is_staff = True
    admin.save(update_fields=["is_staff"])
    device, _codes = enrol(admin)
    client.post("/admin/login/", {"username": "sysadmin", "password": PASSWORD})
    assert client.get("/admin/accounts/securityevent/")["Location"].startswith(CODE_PAGE)
    client.post(CODE_PAGE, {"code": code(device, 1)})
    assert client.get("/admin/accounts/securityevent/").status_code == 200


@REQUIRED
def test_a_leader_without_a_device_must_enrol_before_anything_else(client, leader):
    login(client, "zhaoqiang")
    response = client.get("/duty/")
    assert response["Location"].startswith(ENROL_PAGE)
    page = client.get(ENROL_PAGE)
    text = page.content.decode()
    assert page.status_code == 200 and "<svg" in text and "您的角色须使用两步验证" in text
    assert page["Cache-Control"].startswith("max-age=0")
    device = TOTPDevice.objects.get(user=leader, confirmed=False)
    assert page.context["secret"].replace(" ", "") in text.replace(" ", "")

    response = client.post(ENROL_PAGE, {"code": code(device), "next": "/duty/"})
    assert response["Location"].startswith("/accounts/security/recovery-codes/")
    page = client.get(response["Location"])
    assert len(page.context["codes"]) == 10 and page.context["continue_url"] == "/duty/"
    assert client.get("/accounts/security/recovery-codes/").context["codes"] is None  # once
    assert signed_in(client)
    kinds = set(SecurityEvent.objects.filter(user=leader).values_list("kind", flat=True))
    assert {K.SIGNIN_STARTED, K.OTP_ENROLLED, K.LOGIN} <= kinds


@REQUIRED
def test_a_clerk_is_not_asked_and_may_enrol_by_choice(client, clerk):
    login(client, "wangli")
    assert signed_in(client)
    page = client.get("/accounts/security/").content.decode()
    assert "未启用" in page and "启用两步验证" in page
    client.get(ENROL_PAGE)
    device = TOTPDevice.objects.get(user=clerk)
    client.post(ENROL_PAGE, {"code": code(device)})
    assert "已启用" in client.get("/accounts/security/").content.decode()
    client.post("/accounts/logout/")
    login(client, "wangli")
    assert not signed_in(client)  # now asked for a code like anyone enrolled


def test_recovery_codes_are_regenerated_on_the_page_with_a_current_code(client, leader):
    device, old = enrol(leader)
    client.force_login(leader)
    client.post(CODE_PAGE, {"code": code(device, 1)})
    response = client.post("/accounts/security/recovery-codes/", {"code": "111111"})
    assert "验证码不匹配" in response.content.decode()
    response = client.post(
        "/accounts/security/recovery-codes/", {"code": code(device, 1)}, follow=True
    )
    assert "验证码不匹配" in response.content.decode()  # the code just used is spent
    response = client.post(
        "/accounts/security/recovery-codes/", {"code": code(device, -1)}, follow=True
    )
    assert "验证码不匹配" in response.content.decode()  # an older one too
    device.refresh_from_db()
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=device.last_t - 2)
    response = client.post(
        "/accounts/security/recovery-codes/", {"code": code(device, 1)}, follow=True
    )
    codes = response.context["codes"]
    assert len(codes) == 10 and set(codes).isdisjoint(old)


def test_the_code_step_never_sends_the_user_off_the_site(client, leader):
    device, _codes = enrol(leader)
    login(client, "zhaoqiang")
    response = client.post(CODE_PAGE, {"code": code(device, 1), "next": "https://evil.example/"})
    assert response["Location"] == "/"
