"""API tokens in the admin: administrators list them by state and revoke them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.utils import timezone

from huajie.accounts.models import ApiToken, SecurityEvent, SecurityEventKind
from huajie.accounts.services import api_token_issue
from huajie.orgs.models import RoleCode
from huajie.orgs.tests.factories import make_user

LIST = "/admin/accounts/apitoken/"


@pytest.fixture
def sysadmin(unit):
    user = make_user(unit, RoleCode.ADMIN, username="sysadmin")
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return user


@pytest.fixture
def tokens(clerk):
    active, _ = api_token_issue(user=clerk, name="登记窗口")
    expired, _ = api_token_issue(user=clerk, name="旧脚本")
    ApiToken.objects.filter(pk=expired.pk).update(
        created_at=timezone.now() - timedelta(days=40),
        expires_at=timezone.now() - timedelta(days=10),
    )
    return active, expired


def test_an_admin_lists_tokens_by_state_without_their_keys(client, sysadmin, tokens):
    active, expired = tokens
    client.force_login(sysadmin)
    response = client.get(LIST, {"state": "active"})
    assert [t.pk for t in response.context["cl"].result_list] == [active.pk]
    page = client.get(LIST).content.decode()
    assert "有效" in page and "已过期" in page and active.prefix in page
    assert active.key_hash not in page
    response = client.get(LIST, {"state": "expired"})
    assert [t.pk for t in response.context["cl"].result_list] == [expired.pk]


def test_an_admin_revokes_tokens_and_each_revocation_is_recorded(client, sysadmin, tokens):
    client.force_login(sysadmin)
    ids = [str(t.pk) for t in tokens]
    response = client.post(LIST, {"action": "revoke", "_selected_action": ids}, follow=True)
    assert "已撤销 2 个令牌。" in response.content.decode()
    assert not ApiToken.objects.filter(revoked_at__isnull=True).exists()
    events = SecurityEvent.objects.filter(kind=SecurityEventKind.TOKEN_REVOKED)
    assert events.count() == 2 and {e.username for e in events} == {"wangli"}
    assert LogEntry.objects.filter(user=sysadmin).count() == 2  # who revoked them
    client.post(LIST, {"action": "revoke", "_selected_action": ids})
    assert events.count() == 2  # revoking again records nothing


def test_tokens_are_for_administrators_only_and_cannot_be_edited(client, clerk, sysadmin, tokens):
    clerk.is_staff = True
    clerk.save(update_fields=["is_staff"])
    client.force_login(clerk)
    assert client.get(LIST).status_code == 403
    client.force_login(sysadmin)
    assert client.get(f"{LIST}add/").status_code == 403
    assert client.post(f"{LIST}{tokens[0].pk}/delete/").status_code == 403
    assert 'name="_save"' not in client.get(f"{LIST}{tokens[0].pk}/change/").content.decode()
