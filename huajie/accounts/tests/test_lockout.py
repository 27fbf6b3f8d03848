from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from huajie.accounts.models import SecurityEvent, SecurityEventKind
from huajie.accounts.selectors import lockout_end
from huajie.orgs.models import RoleCode

from .conftest import PASSWORD, login

START = datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
LOCKED_15 = "登录失败次数过多，账户已锁定，请 15 分钟后再试或联系管理员。"


def fail(client: Client, username: str, times: int):
    response = None
    for _ in range(times):
        response = login(client, username, "wrong-password")
    return response


def is_logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.django_db
def test_five_failures_lock_the_account_and_the_right_password_is_refused(client, clerk):
    with time_machine.travel(START, tick=False) as clock:
        response = fail(client, "wangli", 4)
        assert (
            "用户名或密码不正确，请核对后重试。连续失败 5 次，账户将被锁定 15 分钟。"
            in response.content.decode()
        )
        assert "账户已锁定" not in response.content.decode()
        response = fail(client, "wangli", 1)
        assert LOCKED_15 in response.content.decode()

        clock.shift(timedelta(minutes=1))
        response = login(client, "wangli", PASSWORD)
        assert not is_logged_in(client)
        assert "登录失败次数过多，账户已锁定，请 14 分钟后再试或联系管理员。" in (
            response.content.decode()
        )
        refused = SecurityEvent.objects.filter(kind=SecurityEventKind.LOCKED_OUT)
        assert refused.count() == 1
        assert not SecurityEvent.objects.filter(kind=SecurityEventKind.LOGIN).exists()

        clock.shift(timedelta(minutes=14))
        response = login(client, "wangli", PASSWORD)
        assert response.status_code == 302
        assert is_logged_in(client)


@pytest.mark.django_db
def test_the_lock_holds_fifteen_minutes_from_the_fifth_failure(client, clerk):
    with time_machine.travel(START, tick=False) as clock:
        fail(client, "wangli", 5)
        clock.shift(timedelta(minutes=14, seconds=59))
        login(client, "wangli", PASSWORD)
        assert not is_logged_in(client)
        clock.shift(timedelta(seconds=1))
        login(client, "wangli", PASSWORD)
        assert is_logged_in(client)


@pytest.mark.django_db
def test_a_successful_login_resets_the_count(client, clerk):
    with time_machine.travel(START, tick=False):
        fail(client, "wangli", 4)
        login(client, "wangli", PASSWORD)
        client.post("/accounts/logout/")
        fail(client, "wangli", 4)
        login(client, "wangli", PASSWORD)
        assert is_logged_in(client)


@pytest.mark.django_db
def test_failures_spread_over_more_than_the_window_do_not_lock(client, clerk):
    with time_machine.travel(START, tick=False) as clock:
        fail(client, "wangli", 4)
        clock.shift(timedelta(minutes=16))
        fail(client, "wangli", 1)
        login(client, "wangli", PASSWORD)
        assert is_logged_in(client)


@pytest.mark.django_db
def test_unknown_usernames_lock_the_same_way_so_accounts_cannot_be_probed(client):
    response = fail(client, "nobody", 5)
    assert LOCKED_15 in response.content.decode()


@pytest.mark.django_db
def test_the_lock_is_per_username(client, clerk, unit):
    from huajie.orgs.tests.factories import make_user

    make_user(unit, RoleCode.HANDLER, username="lijiang")
    fail(client, "wangli", 5)
    login(client, "lijiang", PASSWORD)
    assert is_logged_in(client)


@pytest.mark.django_db
def test_the_admin_login_is_locked_too(client, unit):
    from huajie.orgs.tests.factories import make_user

    admin = make_user(unit, RoleCode.ADMIN, username="sysadmin")
    admin.is_staff = True
    admin.save(update_fields=["is_staff"])
    for _ in range(5):
        client.post("/admin/login/", {"username": "sysadmin", "password": "wrong"})
    response = client.post("/admin/login/", {"username": "sysadmin", "password": PASSWORD})
    assert LOCKED_15 in response.content.decode()
    assert not is_logged_in(client)


W = timedelta(minutes=15)
F, S = SecurityEventKind.LOGIN_FAILED, SecurityEventKind.LOGIN


def at(minutes: float) -> datetime:
    return START + timedelta(minutes=minutes)


@pytest.mark.parametrize(
    ("events", "end"),
    [
        ([], None),
        ([(F, at(i)) for i in range(4)], None),
        ([(F, at(i)) for i in range(5)], at(4) + W),
        ([(F, at(i * 4)) for i in range(5)], None),
        ([(F, at(0)), (F, at(1)), (S, at(2))] + [(F, at(3 + i)) for i in range(3)], None),
        # a failure recorded by a concurrent request during the lock neither extends nor counts
        ([(F, at(i)) for i in range(5)] + [(F, at(10))], at(4) + W),
        ([(F, at(i)) for i in range(5)] + [(F, at(20 + i)) for i in range(5)], at(24) + W),
    ],
)
def test_lockout_end_table(events, end):
    assert lockout_end(events, attempts=5, window=W, lock=W) == end
