"""Reads for login security: is a username locked out, has a session gone idle, which API token
does a key open."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone

from .models import ApiToken, SecurityEvent, SecurityEventKind

LAST_ACTIVITY_KEY = "accounts.last_activity"


def lockout_end(
    events: Iterable[tuple[str, datetime]], *, attempts: int, window: timedelta, lock: timedelta
) -> datetime | None:
    """When the lock caused by `events` (kind, time; oldest first) ends, or None.

    `attempts` failures within `window`, with no successful login between them, lock the
    username for `lock` from the last of them. Failures during a lock do not count (the form
    records them as `locked_out`, but a concurrent request may have recorded one as a failure).
    A successful login clears both the count and any lock.
    """
    failures: deque[datetime] = deque()
    end: datetime | None = None
    for kind, at in events:
        if kind == SecurityEventKind.LOGIN:
            failures.clear()
            end = None
            continue
        if end is not None and at < end:
            continue
        failures.append(at)
        while at - failures[0] > window:
            failures.popleft()
        if len(failures) >= attempts:
            end = at + lock
            failures.clear()
    return end


def login_lockout_seconds(*, username: str, now: datetime | None = None) -> int:
    """Seconds left on the lock of `username` (as typed, matched exactly), 0 when not locked.
    A wrong verification code counts as a wrong password; only a completed login clears them.

    Reads the audit trail, so the lock holds across processes and servers."""
    now = now or timezone.now()
    attempts = settings.LOGIN_LOCKOUT_ATTEMPTS
    window = lock = timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS)
    events = (
        SecurityEvent.objects.filter(
            username=username,
            kind__in=[
                SecurityEventKind.LOGIN,
                SecurityEventKind.LOGIN_FAILED,
                SecurityEventKind.OTP_FAILED,
            ],
            occurred_at__gt=now - window - lock,
            occurred_at__lte=now,
        )
        .order_by("occurred_at", "id")
        .values_list("kind", "occurred_at")
    )
    end = lockout_end(events, attempts=attempts, window=window, lock=lock)
    if end is None or end <= now:
        return 0
    return int((end - now).total_seconds()) or 1


def session_idle(session: Any, *, now: datetime | None = None) -> bool:
    """True when the session's last recorded activity is older than SESSION_IDLE_SECONDS."""
    last = session.get(LAST_ACTIVITY_KEY)
    if last is None:
        return False
    now = now or timezone.now()
    return now.timestamp() - float(last) > settings.SESSION_IDLE_SECONDS


def api_token_for_key(*, key: str) -> ApiToken | None:
    """The token with this key, its user and the user's unit in one query (the petition
    endpoints read `user.unit` on every call); None for a key never issued."""
    return (
        ApiToken.objects.select_related("user", "user__unit")
        .filter(key_hash=ApiToken.hash_key(key))
        .first()
    )
