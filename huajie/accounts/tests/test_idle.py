from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from huajie.accounts.models import SecurityEvent, SecurityEventKind
from huajie.accounts.services import api_token_issue

from .conftest import PASSWORD, login

START = datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
IDLE_NOTICE = "长时间未操作，已自动退出，请重新登录。"


@pytest.mark.django_db
def test_activity_keeps_the_session_alive(client, clerk):
    with time_machine.travel(START, tick=False) as clock:
        login(client, "wangli", PASSWORD)
        for _ in range(4):
            clock.shift(timedelta(minutes=25))
            assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_after_thirty_idle_minutes_the_user_is_logged_out_with_a_notice(client, clerk):
    with time_machine.travel(START, tick=False) as clock:
        login(client, "wangli", PASSWORD)
        clock.shift(timedelta(minutes=30, seconds=1))
        response = client.get("/orgs/?page=2")
        assert response.status_code == 302
        assert response["Location"] == "/accounts/login/?next=/orgs/%3Fpage%3D2"
        assert "_auth_user_id" not in client.session

        page = client.get(response["Location"])
        assert IDLE_NOTICE in page.content.decode()
        assert IDLE_NOTICE not in client.get("/accounts/login/").content.decode()

    kinds = list(SecurityEvent.objects.order_by("id").values_list("kind", flat=True))
    assert kinds == [SecurityEventKind.LOGIN, SecurityEventKind.SESSION_EXPIRED]


@pytest.mark.django_db
def test_an_htmx_request_after_expiry_redirects_the_whole_page(client, clerk):
    with time_machine.travel(START, tick=False) as clock:
        login(client, "wangli", PASSWORD)
        clock.shift(timedelta(minutes=31))
        response = client.get("/", headers={"HX-Request": "true"})
        assert response.status_code == 204
        assert response["HX-Redirect"] == "/accounts/login/"


@pytest.mark.django_db
def test_token_api_requests_are_not_affected(client, clerk):
    with time_machine.travel(START, tick=False) as clock:
        _, key = api_token_issue(user=clerk)
        clock.shift(timedelta(hours=3))
        response = client.get("/api/v1/orgs/units/", headers={"Authorization": f"Token {key}"})
        assert response.status_code == 200
    assert list(SecurityEvent.objects.values_list("kind", flat=True)) == [
        SecurityEventKind.TOKEN_ISSUED
    ]


@pytest.mark.django_db
def test_a_session_api_call_after_expiry_gets_the_api_refusal_not_a_redirect(client, clerk):
    with time_machine.travel(START, tick=False) as clock:
        login(client, "wangli", PASSWORD)
        clock.shift(timedelta(minutes=31))
        response = client.get("/api/v1/orgs/units/")
        assert response.status_code == 401
        assert "_auth_user_id" not in client.session
