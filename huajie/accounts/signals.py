"""Audit receivers for Django's authentication signals: every login, logout and failure; a
sign-in also opens the session's gates (`gates.py`)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone

from . import gates, selectors, services
from .models import SecurityEventKind


@receiver(user_logged_in, dispatch_uid="accounts.audit_login")
def audit_login(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    gates.gates_start(request=request, user=user)  # the login, or its first step
    if request is not None and hasattr(request, "session"):
        request.session[selectors.LAST_ACTIVITY_KEY] = int(timezone.now().timestamp())


@receiver(user_logged_out, dispatch_uid="accounts.audit_logout")
def audit_logout(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if user is None:
        return
    session = getattr(request, "session", None)
    idle = session is not None and selectors.session_idle(session)
    kind = SecurityEventKind.SESSION_EXPIRED if idle else SecurityEventKind.LOGOUT
    services.security_event_record(kind=kind, request=request, user=user)


@receiver(user_login_failed, dispatch_uid="accounts.audit_login_failed")
def audit_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    username = str(credentials.get(get_user_model().USERNAME_FIELD) or "")
    services.security_event_record(
        kind=SecurityEventKind.LOGIN_FAILED, request=request, username=username
    )
