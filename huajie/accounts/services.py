"""Writes to the security audit trail."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import HttpRequest

from .models import SecurityEvent, SecurityEventKind

USER_AGENT_MAX = 300


def client_ip(request: HttpRequest) -> str | None:
    """The client's address. Behind N reverse proxies that each append to X-Forwarded-For, set
    settings.TRUSTED_PROXY_HOPS = N; the header is never trusted otherwise (clients forge it)."""
    candidate = request.META.get("REMOTE_ADDR", "")
    hops = int(getattr(settings, "TRUSTED_PROXY_HOPS", 0))
    if hops > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= hops:
            candidate = forwarded[-hops]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return None


def security_event_record(
    *,
    kind: SecurityEventKind,
    request: HttpRequest | None,
    user: object | None = None,
    username: str = "",
) -> SecurityEvent:
    """Append one event. `user` is the account when known; `username` is what was typed (or,
    when empty, the account's username)."""
    account = user if isinstance(user, get_user_model()) and user.pk is not None else None
    if account is not None and not username:
        username = account.get_username()
    return SecurityEvent.objects.create(
        kind=kind,
        user=account,
        username=username[:150],
        ip_address=client_ip(request) if request is not None else None,
        user_agent=(request.META.get("HTTP_USER_AGENT", "") if request is not None else "")[
            :USER_AGENT_MAX
        ],
    )
