"""Login forms that refuse a locked-out username before any password is checked, and the
verification-code form of the second step."""

from __future__ import annotations

import math
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext, gettext_lazy, ngettext

from . import selectors, services
from .models import SecurityEventKind


def lockout_message(seconds: int) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    return ngettext(
        "Too many failed logins: this account is locked. Try again in %(minutes)d minute "
        "or contact your administrator.",
        "Too many failed logins: this account is locked. Try again in %(minutes)d minutes "
        "or contact your administrator.",
        minutes,
    ) % {"minutes": minutes}


def invalid_login_message() -> str:
    return gettext(
        "The username or password is incorrect. Please check and try again: after "
        "%(attempts)d failed attempts the account is locked for %(minutes)d minutes."
    ) % {
        "attempts": settings.LOGIN_LOCKOUT_ATTEMPTS,
        "minutes": settings.LOGIN_LOCKOUT_SECONDS // 60,
    }


class LockoutMixin:
    """Checks the lock first; a failure that reaches the limit is answered with the lock
    message straight away, so the user learns of the lock on the attempt that caused it."""

    request: Any
    cleaned_data: dict[str, Any]

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        if username:
            remaining = selectors.login_lockout_seconds(username=username)
            if remaining:
                services.security_event_record(
                    kind=SecurityEventKind.LOCKED_OUT, request=self.request, username=username
                )
                raise ValidationError(lockout_message(remaining), code="locked_out")
        try:
            return super().clean()  # type: ignore[misc]
        except ValidationError as exc:
            remaining = selectors.login_lockout_seconds(username=username) if username else 0
            if remaining:
                raise ValidationError(lockout_message(remaining), code="locked_out") from exc
            raise

    def get_invalid_login_error(self) -> ValidationError:
        return ValidationError(invalid_login_message(), code="invalid_login")


class LoginForm(LockoutMixin, AuthenticationForm):
    pass


class AdminLoginForm(LockoutMixin, AdminAuthenticationForm):
    pass


class CodeForm(forms.Form):
    """One box for a code from the authenticator app or a recovery code."""

    code = forms.CharField(
        label=gettext_lazy("Verification code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autocapitalize": "none",
                "autofocus": True,
                "class": "form-control form-control-lg",
            }
        ),
        error_messages={"required": gettext_lazy("Enter the verification code.")},
    )


def wrong_code_message() -> str:
    return gettext(
        "The verification code is wrong or has already been used. Enter the 6 digits your "
        "authenticator app shows now, or an unused recovery code: after %(attempts)d failed "
        "attempts the account is locked for %(minutes)d minutes."
    ) % {
        "attempts": settings.LOGIN_LOCKOUT_ATTEMPTS,
        "minutes": settings.LOGIN_LOCKOUT_SECONDS // 60,
    }
