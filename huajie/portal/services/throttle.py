"""Rate limits and lockouts counted in the database (`Attempt` rows), so they hold across worker
processes and restarts. Keys are blind indexes: no number, code or address is stored in clear."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from huajie.common.crypto import blind_index
from huajie.common.errors import ApplicationError

from ..conf import Limit
from ..models import Attempt


class RateLimited(ApplicationError):
    code = "rate_limited"
    status = 429


def key_of(kind: str, value: str) -> str:
    return blind_index(value or "-", purpose=f"portal.{kind}")


def count(kind: str, key: str, window: timedelta) -> int:
    since = timezone.now() - window
    return Attempt.objects.filter(kind=kind, key=key, at__gt=since).count()


def over(kind: str, key: str, limit: Limit) -> bool:
    return count(kind, key, limit.window) >= limit.count


def hit(kind: str, key: str) -> None:
    Attempt.objects.create(kind=kind, key=key)


def wait_words(window: timedelta) -> str:
    minutes = int(window.total_seconds() // 60)
    if minutes < 1:
        return f"{int(window.total_seconds())}秒"
    if minutes < 60:
        return f"{minutes}分钟"
    if minutes < 24 * 60:
        return f"{minutes // 60}小时"
    return f"{minutes // (24 * 60)}天"


def prune(*, older_than: timedelta = timedelta(days=2)) -> int:
    """Delete counted events older than every window (the longest limit is a day)."""
    deleted, _ = Attempt.objects.filter(at__lt=timezone.now() - older_than).delete()
    return deleted
