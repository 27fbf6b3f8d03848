"""The sign-in steps after the password and the user's own security page: the verification
code, enrolment in two-step verification, recovery codes, and choosing a new password."""

from __future__ import annotations

from typing import Any, cast

import segno
from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from huajie.common.errors import ApplicationError
from huajie.orgs.models import User

from . import second_factor as sf
from .forms import CodeForm, lockout_message, wrong_code_message
from .gates import (
    ENROL,
    GATE_ROUTES,
    GATES_KEY,
    OTP,
    PASSWORD,
    after_gate,
    gate_pass,
    gates_for,
    gates_open,
    next_url,
)
from .passwords import user_password_change
from .selectors import login_lockout_seconds

RECOVERY_KEY = "accounts.recovery_codes"  # the codes just issued, until they are shown


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _locked_out(request: HttpRequest, remaining: int) -> HttpResponse:
    logout(request)
    messages.error(request, lockout_message(remaining))
    return redirect("accounts:login")


def _continue_url(request: HttpRequest) -> str:
    target = next_url(request)
    gates = gates_open(request)
    if gates:
        return f"{reverse(GATE_ROUTES[gates[0]])}?{urlencode({'next': target})}"
    return target


@never_cache
@login_required
def login_code(request: HttpRequest) -> HttpResponse:
    """The second step: a code from the authenticator app, or a recovery code."""
    user = _user(request)
    if OTP not in gates_open(request):
        return after_gate(request)
    if remaining := login_lockout_seconds(username=user.get_username()):
        return _locked_out(request, remaining)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        check = sf.second_factor_check(user=user, code=form.cleaned_data["code"], request=request)
        if check.ok:
            gate_pass(request=request, gate=OTP)
            if check.recovery:
                messages.warning(request, _recovery_used_message(check.recovery_left))
            return after_gate(request)
        if remaining := login_lockout_seconds(username=user.get_username()):
            return _locked_out(request, remaining)
        form.add_error("code", wrong_code_message())
    context = {"form": form, "next": next_url(request)}
    return render(request, "accounts/login_code.html", context)


def _recovery_used_message(left: int) -> str:
    return ngettext(
        "You signed in with a recovery code; %(left)d is left. Generate new ones on the "
        "account security page, or ask an administrator to reset two-step verification if "
        "your phone is lost.",
        "You signed in with a recovery code; %(left)d are left. Generate new ones on the "
        "account security page, or ask an administrator to reset two-step verification if "
        "your phone is lost.",
        left,
    ) % {"left": left}


@never_cache
@login_required
def enrol(request: HttpRequest) -> HttpResponse:
    """Set up the authenticator: scan the QR code (or type the secret), confirm a first code."""
    user = _user(request)
    gated = ENROL in gates_open(request)
    if sf.is_enrolled(user=user):
        if gated:  # enrolled meanwhile in another session: this one still owes a code
            request.session[GATES_KEY] = gates_for(user=user)
            return after_gate(request)
        messages.info(request, _("Two-step verification is already enabled for your account."))
        return redirect("accounts:security")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = sf.totp_enrolment_confirm(
                user=user, code=form.cleaned_data["code"], request=request
            )
        except ApplicationError as exc:
            form.add_error("code", exc.message)
        else:
            request.session[RECOVERY_KEY] = codes
            if gated:
                gate_pass(request=request, gate=ENROL)
            messages.success(request, _("Two-step verification is enabled."))
            query = urlencode({"next": next_url(request)})
            return redirect(f"{reverse('accounts:recovery-codes')}?{query}")
    device = sf.totp_enrolment_start(user=user)
    qr = segno.make(device.config_url, error="m")
    context = {
        "form": form,
        "next": next_url(request),
        "qr": mark_safe(qr.svg_inline(scale=5, title=_("QR code for the authenticator app"))),  # noqa: S308 - segno's own SVG, no user input in markup
        "secret": sf.secret_text(device),
        "required": sf.second_factor_required(user=user),
        "gated": gated,
    }
    return render(request, "accounts/enrol.html", context)


@never_cache
@login_required
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """The recovery codes just issued, shown once; POST issues new ones against a current code."""
    user = _user(request)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = sf.recovery_codes_renew(
                user=user, code=form.cleaned_data["code"], request=request
            )
        except ApplicationError as exc:
            if remaining := login_lockout_seconds(username=user.get_username()):
                return _locked_out(request, remaining)
            form.add_error("code", exc.message)
        else:
            request.session[RECOVERY_KEY] = codes
            messages.success(request, _("New recovery codes issued; the old ones no longer work."))
            return redirect("accounts:recovery-codes")
    context: dict[str, Any] = {
        "codes": request.session.pop(RECOVERY_KEY, None),
        "form": form,
        "enrolled": sf.is_enrolled(user=user),
        "left": sf.recovery_codes_left(user=user),
        "continue_url": _continue_url(request),
    }
    return render(request, "accounts/recovery_codes.html", context)


@require_GET
@login_required
def security(request: HttpRequest) -> HttpResponse:
    """The user's own account security: two-step verification, recovery codes, password."""
    user = _user(request)
    context = {
        "device": sf.totp_device_for(user=user),
        "required": sf.second_factor_required(user=user),
        "left": sf.recovery_codes_left(user=user),
    }
    return render(request, "accounts/security.html", context)


@never_cache
@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    """Choose a new password: by choice, or because an administrator set the current one."""
    user = _user(request)
    form = PasswordChangeForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user_password_change(
            user=user, password=form.cleaned_data["new_password1"], request=request
        )
        update_session_auth_hash(request, user)
        gate_pass(request=request, gate=PASSWORD)
        messages.success(request, _("Your password has been changed."))
        return after_gate(request)
    for field in form.fields.values():
        field.widget.attrs.setdefault("class", "form-control")
    context = {"form": form, "forced": PASSWORD in gates_open(request), "next": next_url(request)}
    return render(request, "accounts/password_change.html", context)
