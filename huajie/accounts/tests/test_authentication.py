"""Token authentication: expiry, revocation, the one-query lookup, the last-use stamp."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from rest_framework.test import APIClient, APIRequestFactory

from huajie.accounts.authentication import ApiTokenAuthentication
from huajie.accounts.models import ApiToken
from huajie.accounts.services import api_token_issue, api_token_revoke
from huajie.common.errors import PermissionDenied
from huajie.orgs.models import RoleCode
from huajie.orgs.tests.factories import make_unit, make_user

START = datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
UNITS = "/api/v1/orgs/units/"


@pytest.fixture
def clerk(db):
    return make_user(make_unit("清河县信访局"), RoleCode.CLERK, username="wangli")


def get(key: str):
    return APIClient().get(UNITS, headers={"Authorization": f"Token {key}"})


def test_a_token_lasts_thirty_days_then_answers_401_saying_what_to_do(clerk):
    with time_machine.travel(START, tick=False) as clock:
        token, key = api_token_issue(user=clerk)
        assert token.expires_at == START + timedelta(days=30)
        clock.shift(timedelta(days=30) - timedelta(seconds=1))
        assert get(key).status_code == 200
        clock.shift(timedelta(seconds=1))
        response = get(key)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json() == {
        "code": "token_expired",
        "message": "令牌已过期，请重新获取：POST /api/v1/auth/token/",
    }


def test_the_lifetime_is_a_setting(clerk, settings):
    settings.API_TOKEN_DAYS = 7
    with time_machine.travel(START, tick=False):
        token, _ = api_token_issue(user=clerk)
    assert token.expires_at == START + timedelta(days=7)


@pytest.mark.parametrize(
    ("key", "code"), [("never-issued", "token_invalid"), ("two parts", "authentication_failed")]
)
def test_an_unknown_or_malformed_key_answers_401_in_chinese(db, key, code):
    response = get(key)
    assert response.status_code == 401 and response.json()["code"] == code
    assert "POST /api/v1/auth/token/" in response.json()["message"]


def test_a_deactivated_user_s_token_stops_working(clerk):
    _, key = api_token_issue(user=clerk)
    clerk.is_active = False
    clerk.save(update_fields=["is_active"])
    response = get(key)
    assert response.status_code == 401 and response.json()["code"] == "user_inactive"


def test_one_query_reads_the_token_its_user_and_the_unit(clerk, django_assert_num_queries):
    token, key = api_token_issue(user=clerk)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=START)
    request = APIRequestFactory().get(UNITS, HTTP_AUTHORIZATION=f"Token {key}")
    with time_machine.travel(START + timedelta(seconds=30), tick=False):
        with django_assert_num_queries(1):
            user, auth = ApiTokenAuthentication().authenticate(request)  # type: ignore[misc]
            assert user.unit.name == "清河县信访局"
    assert auth.pk == token.pk


def test_the_last_use_is_stamped_at_most_once_a_minute(clerk, django_assert_num_queries):
    with time_machine.travel(START, tick=False) as clock:
        token, key = api_token_issue(user=clerk)
        request = APIRequestFactory().get(UNITS, HTTP_AUTHORIZATION=f"Token {key}")
        authenticate = ApiTokenAuthentication().authenticate
        with django_assert_num_queries(2):  # the read and the stamp
            authenticate(request)
        clock.shift(timedelta(seconds=59))
        with django_assert_num_queries(1):
            authenticate(request)
        clock.shift(timedelta(seconds=1))
        with django_assert_num_queries(2):
            authenticate(request)
    token.refresh_from_db()
    assert token.last_used_at == START + timedelta(minutes=1)


def test_only_the_owner_or_an_administrator_may_revoke(clerk):
    token, _ = api_token_issue(user=clerk)
    other = make_user(clerk.unit, RoleCode.HANDLER, username="lijiang")
    with pytest.raises(PermissionDenied, match="您只能撤销自己的令牌"):
        api_token_revoke(token=token, acting_user=other)
    admin = make_user(clerk.unit, RoleCode.ADMIN, username="sysadmin")
    assert api_token_revoke(token=token, acting_user=admin) is True
    assert api_token_revoke(token=token, acting_user=clerk) is False  # already revoked
    assert token.revoked_at is not None
