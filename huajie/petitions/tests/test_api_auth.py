"""Session and token authentication for the API, and the login lockout on the token endpoint."""

from __future__ import annotations

import pytest
from django.conf import settings
from rest_framework.test import APIClient

from huajie.accounts.models import SecurityEvent, SecurityEventKind
from huajie.orgs.tests.factories import make_unit, make_user

PASSWORD = "Test-Passw0rd!"
TOKEN = "/api/v1/auth/token/"
LIST = "/api/v1/petitions/"


@pytest.fixture
def clerk(db):
    return make_user(make_unit("清河县信访局"), "clerk", username="wangli")


def test_a_token_opens_the_api(clerk):
    client = APIClient()
    response = client.post(TOKEN, {"username": "wangli", "password": PASSWORD}, format="json")
    assert response.status_code == 200, response.content
    token = response.json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get(LIST).status_code == 200
    assert SecurityEvent.objects.filter(user=clerk, kind=SecurityEventKind.LOGIN).exists()


def test_no_credentials_is_a_json_refusal_in_chinese(db):
    response = APIClient().get(LIST)
    assert response.status_code in (401, 403)
    assert response.json()["code"] == "not_authenticated"
    assert "登录" in response.json()["message"]


def test_a_session_opens_the_api(clerk):
    client = APIClient()
    client.force_login(clerk)
    assert client.get(LIST).status_code == 200


def test_wrong_passwords_lock_the_account_for_the_token_endpoint_too(clerk):
    client = APIClient()
    wrong = {"username": "wangli", "password": "wrong"}
    first = client.post(TOKEN, wrong, format="json")
    assert first.status_code == 400 and first.json()["code"] == "invalid_login"
    assert "用户名或密码不正确" in first.json()["message"]
    for _ in range(settings.LOGIN_LOCKOUT_ATTEMPTS - 1):
        last = client.post(TOKEN, wrong, format="json")
    assert last.status_code == 403 and last.json()["code"] == "locked_out"
    assert "锁定" in last.json()["message"]
    right = client.post(TOKEN, {"username": "wangli", "password": PASSWORD}, format="json")
    assert right.status_code == 403 and right.json()["code"] == "locked_out"
    assert "token" not in right.json()
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.LOCKED_OUT).count() == 1
