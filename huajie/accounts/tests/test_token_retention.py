"""API tokens long expired or revoked are deleted nightly; the audit trail of them stays."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from huajie.accounts.models import ApiToken, SecurityEvent, SecurityEventKind
from huajie.accounts.services import api_token_issue, api_token_revoke
from huajie.accounts.token_retention import api_tokens_prune
from huajie.jobs.registry import get_job

pytestmark = pytest.mark.django_db


def issued(user, name: str, *, days_ago: int) -> ApiToken:
    token, _ = api_token_issue(user=user, name=name)
    start = timezone.now() - timedelta(days=days_ago)
    ApiToken.objects.filter(pk=token.pk).update(
        created_at=start, expires_at=start + timedelta(days=30)
    )
    token.refresh_from_db()
    return token


def test_tokens_go_thirty_days_after_expiry_or_revocation_and_the_audit_stays(clerk):
    issued(clerk, "expired long ago", days_ago=61)  # expired 31 days ago
    issued(clerk, "expired recently", days_ago=59)  # expired 29 days ago
    revoked_old = issued(clerk, "revoked long ago", days_ago=40)
    api_token_revoke(token=revoked_old, acting_user=clerk)
    ApiToken.objects.filter(pk=revoked_old.pk).update(
        revoked_at=timezone.now() - timedelta(days=31)
    )
    revoked_new = issued(clerk, "revoked yesterday", days_ago=5)
    api_token_revoke(token=revoked_new, acting_user=clerk)
    issued(clerk, "in use", days_ago=1)
    audit = list(SecurityEvent.objects.order_by("pk").values_list("pk", "kind"))
    assert [kind for _, kind in audit].count(SecurityEventKind.TOKEN_ISSUED) == 5

    assert api_tokens_prune() == "删除过期或已撤销的 API 令牌 2 个"
    assert sorted(ApiToken.objects.values_list("name", flat=True)) == [
        "expired recently",
        "in use",
        "revoked yesterday",
    ]
    assert list(SecurityEvent.objects.order_by("pk").values_list("pk", "kind")) == audit


@override_settings(API_TOKEN_RETENTION_DAYS=0)
def test_the_period_is_a_setting(clerk):
    issued(clerk, "just expired", days_ago=31)
    assert api_tokens_prune() == "删除过期或已撤销的 API 令牌 1 个"


def test_the_prune_is_a_nightly_job(clerk):
    issued(clerk, "expired long ago", days_ago=90)
    job = get_job("accounts.prune_tokens")
    assert job.at == (time(3, 45),) and job.every is None
    assert job.run() == "删除过期或已撤销的 API 令牌 1 个"
    assert not ApiToken.objects.exists()
