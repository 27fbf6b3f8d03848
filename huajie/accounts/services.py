"""Writes to the security audit trail, and API tokens: issue, revoke, mark used."""

from __future__ import annotations

import ipaddress
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from huajie.common.errors import PermissionDenied
from huajie.orgs.models import RoleCode, User

from . import audit
from .models import ApiToken, SecurityEvent, SecurityEventKind

USER_AGENT_MAX = 300
KEY_BYTES = 30  # 40 characters of URL-safe base64
PREFIX_LENGTH = 8
LAST_USED_RESOLUTION = timedelta(minutes=1)


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
    detail: str = "",
    actor: User | None = None,
) -> SecurityEvent:
    """Append one event. `user` is the account when known; `username` is what was typed (or,
    when empty, the account's username); `detail` what the event concerns, if more than that;
    `actor` the administrator who acted on `user`."""
    account = user if isinstance(user, get_user_model()) and user.pk is not None else None
    if account is not None and not username:
        username = account.get_username()
    event = SecurityEvent(
        kind=kind,
        user=account,
        username=username[:150],
        detail=detail[:300],
        actor=actor if actor is not None and actor.pk != getattr(account, "pk", None) else None,
        ip_address=client_ip(request) if request is not None else None,
        user_agent=(request.META.get("HTTP_USER_AGENT", "") if request is not None else "")[
            :USER_AGENT_MAX
        ],
    )
    with transaction.atomic():
        audit.chain(event)  # each row carries the hash of the one before (accounts/audit.py)
        event.save()
    return event


def full_view_record(*, user: User, what: str, request: HttpRequest | None = None) -> None:
    """A person's full ID and phone number were shown to `user`: into the hash-chained trail,
    besides the record's own timeline (each module writes that in the same transaction)."""
    security_event_record(kind=SecurityEventKind.FULL_VIEW, request=request, user=user, detail=what)


def api_token_issue(
    *, user: User, name: str = "", request: HttpRequest | None = None
) -> tuple[ApiToken, str]:
    """A new token for `user`, valid API_TOKEN_DAYS. Returns the token and its key: the key is
    not stored and cannot be shown again."""
    key = secrets.token_urlsafe(KEY_BYTES)
    now = timezone.now()
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=name,
            prefix=key[:PREFIX_LENGTH],
            key_hash=ApiToken.hash_key(key),
            created_at=now,
            expires_at=now + timedelta(days=settings.API_TOKEN_DAYS),
        )
        security_event_record(kind=SecurityEventKind.TOKEN_ISSUED, request=request, user=user)
    return token, key


def api_token_revoke(
    *, token: ApiToken, acting_user: User, request: HttpRequest | None = None
) -> bool:
    """Revoke `token` (its owner or an administrator may); False when it was revoked already."""
    if acting_user.pk != token.user_id and not acting_user.has_role(RoleCode.ADMIN):
        raise PermissionDenied("您只能撤销自己的令牌；如需撤销他人的令牌，请联系管理员。")
    with transaction.atomic():
        revoked = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        if revoked:
            security_event_record(
                kind=SecurityEventKind.TOKEN_REVOKED,
                request=request,
                user=token.user,
                actor=acting_user,
            )
    token.refresh_from_db(fields=["revoked_at"])
    return bool(revoked)


def api_token_mark_used(*, token: ApiToken, now: datetime) -> None:
    """Stamp the token's last use, at most once a minute (not a write per request)."""
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_RESOLUTION:
        return
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now
