"""Retention of API tokens: a token that expired or was revoked more than
API_TOKEN_RETENTION_DAYS (30) ago is deleted by the nightly job `accounts.prune_tokens`. Only the
token rows go: their issue and revocation stay in the security audit trail (`SecurityEvent`,
append-only), which this never touches."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from .models import ApiToken


def token_retention_days() -> int:
    return int(getattr(settings, "API_TOKEN_RETENTION_DAYS", 30))


def api_tokens_prune(*, now: datetime | None = None) -> str:
    """The nightly job; returns what it deleted."""
    before = (now or timezone.now()) - timedelta(days=token_retention_days())
    ended = Q(expires_at__lt=before) | Q(revoked_at__lt=before)
    deleted, _ = ApiToken.objects.filter(ended).delete()
    return f"删除过期或已撤销的 API 令牌 {deleted} 个"
