"""The token endpoint: obtain (behind the login lockout) and revoke; session and token access."""

from __future__ import annotations

import pytest
from django.conf import settings
from rest_framework.test import APIClient

from huajie.accounts.models import ApiToken, SecurityEvent, SecurityEventKind
from huajie.orgs.models import RoleCode
from huajie.orgs.tests.factories import make_unit, make_user

PASSWORD = "Test-Passw0rd!"
TOKEN = "/api/v1/auth/token/"
LIST = "/api/v1/petitions/"
OBTAIN_AGAIN = "请重新获取：POST /api/v1/auth/token/"


@pytest.fixture
def clerk(db):
    return make_user(make_unit("清河县信访局"), RoleCode.CLERK, username="wangli")


def obtain(client: APIClient, **extra: str) -> dict:
    body = {"username": "wangli", "password": PASSWORD, **extra}
    response = client.post(TOKEN, body, format="json")
    assert response.status_code == 200, response.content
    return response.json()


def test_a_token_opens_the_api_and_its_key_is_shown_once_and_stored_hashed(clerk):
    client = APIClient()
    body = obtain(client, name="登记窗口客户端")
    assert set(body) == {"token", "expires_at"}
    token = ApiToken.objects.get()
    assert token.name == "登记窗口客户端" and token.user == clerk
    assert token.key_hash == ApiToken.hash_key(body["token"]) != body["token"]
    assert body["token"].startswith(token.prefix) and len(token.prefix) == 8
    client.credentials(HTTP_AUTHORIZATION=f"Token {body['token']}")
    assert client.get(LIST).status_code == 200
    kinds = SecurityEvent.objects.filter(user=clerk).values_list("kind", flat=True)
    assert set(kinds) == {SecurityEventKind.LOGIN, SecurityEventKind.TOKEN_ISSUED}


def test_each_request_for_a_token_issues_a_new_one(clerk):
    first, second = obtain(APIClient()), obtain(APIClient())
    assert first["token"] != second["token"]
    assert ApiToken.objects.filter(user=clerk).count() == 2


def test_a_stale_token_in_the_header_does_not_stop_a_client_getting_a_new_one(clerk):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token no-longer-valid")
    assert obtain(client)["token"]


def test_no_credentials_is_a_401_with_the_scheme_and_a_chinese_sentence(db):
    response = APIClient().get(LIST)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json()["code"] == "not_authenticated"
    assert "登录" in response.json()["message"]


def test_a_session_opens_the_api(clerk):
    client = APIClient()
    client.force_login(clerk)
    assert client.get(LIST).status_code == 200


def test_delete_revokes_the_token_the_call_is_made_with(clerk):
    client = APIClient()
    kept, revoked = obtain(APIClient())["token"], obtain(client)["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {revoked}")
    assert client.delete(TOKEN).status_code == 204
    refused = client.get(LIST)
    assert refused.status_code == 401 and refused["WWW-Authenticate"] == "Token"
    assert refused.json()["code"] == "token_revoked"
    assert refused.json()["message"] == f"令牌已被撤销，{OBTAIN_AGAIN}"
    client.credentials(HTTP_AUTHORIZATION=f"Token {kept}")
    assert client.get(LIST).status_code == 200
    event = SecurityEvent.objects.get(kind=SecurityEventKind.TOKEN_REVOKED)
    assert event.user == clerk and event.ip_address == "127.0.0.1"


def test_delete_without_a_token_revokes_nothing_and_says_how(clerk):
    client = APIClient()
    client.force_login(clerk)  # a session is not a token
    response = client.delete(TOKEN)
    assert response.status_code == 401 and response["WWW-Authenticate"] == "Token"
    assert not SecurityEvent.objects.filter(kind=SecurityEventKind.TOKEN_REVOKED).exists()


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
    assert not ApiToken.objects.exists()
