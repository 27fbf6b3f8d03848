"""An administrator's resets in the user admin (second factor, password) and the password
change they force at the next sign-in; tokens still expire and can be revoked."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from rest_framework.test import APIClient

from huajie.accounts.models import ApiToken, PasswordChangeDue, SecurityEvent, SecurityEventKind
from huajie.accounts.second_factor import is_enrolled
from huajie.accounts.services import api_token_issue
from huajie.orgs.models import RoleCode
from huajie.orgs.tests.factories import make_unit, make_user

from .conftest import PASSWORD, login
from .twofactor_helpers import code, enrol

K = SecurityEventKind
TEMPORARY = "Linshi-Mima-2026!"
NEW = "Ziji-Xuan-De-88!"
CHANGE = "/accounts/security/password/"


@pytest.fixture
def sysadmin(unit):
    user = make_user(unit, RoleCode.ADMIN, username="sysadmin")
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.user_permissions.add(*Permission.objects.filter(codename__in=["view_user", "change_user"]))
    return user


def set_password(client, admin, user, password=TEMPORARY):
    client.force_login(admin)
    return client.post(
        f"/admin/orgs/user/{user.pk}/password/",
        {"password1": password, "password2": password, "usable_password": "true"},
    )


def test_an_administrator_sets_a_password_and_the_user_must_change_it(client, sysadmin, clerk):
    token, key = api_token_issue(user=clerk)
    response = set_password(client, sysadmin, clerk)
    assert response.status_code == 302
    assert PasswordChangeDue.objects.get(user=clerk).set_by == sysadmin
    event = SecurityEvent.objects.get(kind=K.PASSWORD_RESET)
    assert (event.user, event.actor) == (clerk, sysadmin)
    token.refresh_from_db()
    assert token.revoked_at is not None  # the old credentials stop working everywhere
    assert APIClient(HTTP_AUTHORIZATION=f"Token {key}").get("/api/v1/petitions/").status_code == 401

    user = Client()
    login(user, "wangli", TEMPORARY)
    response = user.get("/petitions/")
    assert response["Location"].startswith(CHANGE)
    page = user.get(CHANGE).content.decode()
    assert "您的密码由管理员设置，请现在设置自己的新密码" in page
    response = user.post(
        CHANGE, {"old_password": TEMPORARY, "new_password1": NEW, "new_password2": NEW}
    )
    assert response.status_code == 302 and user.get("/").status_code == 200
    assert not PasswordChangeDue.objects.filter(user=clerk).exists()
    assert SecurityEvent.objects.filter(user=clerk, kind=K.PASSWORD_CHANGED).exists()
    user.post("/accounts/logout/")
    login(user, "wangli", NEW)
    assert user.get("/").status_code == 200  # no gate any more


def test_a_weak_new_password_is_refused_and_the_gate_stays(client, sysadmin, clerk):
    set_password(client, sysadmin, clerk)
    user = Client()
    login(user, "wangli", TEMPORARY)
    response = user.post(
        CHANGE, {"old_password": TEMPORARY, "new_password1": "123", "new_password2": "123"}
    )
    assert response.status_code == 200 and PasswordChangeDue.objects.filter(user=clerk).exists()
    assert user.get("/")["Location"].startswith(CHANGE)


def test_the_second_factor_comes_before_the_password_change(client, sysadmin, clerk):
    device, _codes = enrol(clerk)
    set_password(client, sysadmin, clerk)
    user = Client()
    login(user, "wangli", TEMPORARY)
    assert user.get(CHANGE)["Location"].startswith("/accounts/login/code/")
    response = user.post("/accounts/login/code/", {"code": code(device, 1)})
    assert response["Location"].startswith(CHANGE)


def test_an_administrator_elsewhere_may_not_set_the_password(client, clerk):
    other = make_user(make_unit("外县信访局"), RoleCode.ADMIN, username="elsewhere")
    other.is_staff = True
    other.save(update_fields=["is_staff"])
    other.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_user", "change_user"])
    )
    assert set_password(client, other, clerk).status_code in (302, 403, 404)
    clerk.refresh_from_db()
    assert clerk.check_password(PASSWORD)
    assert not PasswordChangeDue.objects.exists()


def test_the_reset_action_in_the_user_admin_removes_the_devices_and_is_recorded(
    client, sysadmin, clerk
):
    enrol(clerk)
    client.force_login(sysadmin)
    response = client.post(
        "/admin/orgs/user/",
        {"action": "reset_second_factor", "_selected_action": [str(clerk.pk)]},
        follow=True,
    )
    assert "已为 1 名用户重置两步验证" in response.content.decode()
    assert not is_enrolled(user=clerk)
    event = SecurityEvent.objects.get(kind=K.OTP_RESET)
    assert (event.user, event.actor) == (clerk, sysadmin)


def test_the_audit_admin_shows_who_acted(client, sysadmin, clerk):
    enrol(clerk)
    client.force_login(sysadmin)
    client.post(
        "/admin/orgs/user/", {"action": "reset_second_factor", "_selected_action": [str(clerk.pk)]}
    )
    page = client.get("/admin/accounts/securityevent/").content.decode()
    assert "管理员重置两步验证" in page and "操作人" in page


def test_the_device_tables_have_no_admin_of_their_own(client, sysadmin):
    client.force_login(sysadmin)
    assert client.get("/admin/otp_totp/totpdevice/").status_code == 404


def test_a_password_changed_by_choice_needs_the_old_one(client, clerk):
    client.force_login(clerk)
    response = client.post(
        CHANGE, {"old_password": "nope", "new_password1": NEW, "new_password2": NEW}
    )
    assert response.status_code == 200
    clerk.refresh_from_db()
    assert clerk.check_password(PASSWORD)
    assert not ApiToken.objects.exists()
