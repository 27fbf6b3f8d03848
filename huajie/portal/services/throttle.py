"""Rate limits and lockouts counted in the database (`Attempt` rows), so they hold across worker
processes and restarts. Keys are blind indexes: no number, code or address is stored in clear."""

from __future__ import annotations

import functools
import operator
from datetime import timedelta

from django.db.models import Count, Q
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


def over_many(*checks: tuple[str, str, Limit]) -> list[bool]:
    """`over` for several (kind, key, limit) at once: one query."""
    now = timezone.now()
    wheres = [Q(kind=kind, key=key, at__gt=now - limit.window) for kind, key, limit in checks]
    counts = Attempt.objects.filter(functools.reduce(operator.or_, wheres)).aggregate(
        **{f"n{i}": Count("pk", filter=where) for i, where in enumerate(wheres)}
    )
    return [counts[f"n{i}"] >= limit.count for i, (_, _, limit) in enumerate(checks)]


def hit(kind: str, key: str) -> None:
    Attempt.objects.create(kind=kind, key=key)


def hit_many(*hits: tuple[str, str]) -> None:
    """`hit` for several (kind, key) at once: one insert."""
    Attempt.objects.bulk_create([Attempt(kind=kind, key=key) for kind, key in hits])


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
