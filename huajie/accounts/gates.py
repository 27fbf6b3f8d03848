"""What a session must do after the password before anything else: the sign-in gates.

At every sign-in (the login page, the admin's, a test client's) the `user_logged_in` receiver
writes the session's gates, in order:

    OTP       the user has an authenticator: enter a code (or a recovery code)
    ENROL     the user's role requires two-step verification and they have none: set it up
    PASSWORD  an administrator set the password: choose a new one

While a gate is open, `SignInGateMiddleware` lets the session reach only that gate's page, sign
out and switch the language; a page is redirected to the gate (with `next`), an API call is
refused with a JSON 403. The sign-in counts as a login in the audit trail (which clears the
failure count) only once the second factor is passed; until then it is `signin_started`.
The gates are computed once, at sign-in, and kept in the session: no query per request.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _

from huajie.orgs.models import User

from .models import SecurityEventKind
from .passwords import password_change_due
from .second_factor import is_enrolled, second_factor_required
from .services import security_event_record

GATES_KEY = "accounts.gates"
OTP, ENROL, PASSWORD = "otp", "enrol", "password"
SECOND_FACTOR = frozenset({OTP, ENROL})
GATE_ROUTES = {
    OTP: "accounts:login-code",
    ENROL: "accounts:enrol",
    PASSWORD: "accounts:password-change",
}
OPEN_ROUTES = frozenset({"accounts:logout", "set_language"})
API_PREFIX = "/api/"


def gates_for(*, user: User) -> list[str]:
    gates = []
    if is_enrolled(user=user):
        gates.append(OTP)
    elif second_factor_required(user=user):
        gates.append(ENROL)
    if password_change_due(user=user):
        gates.append(PASSWORD)
    return gates


def gates_open(request: HttpRequest) -> list[str]:
    session = getattr(request, "session", None)
    return list(session.get(GATES_KEY, ())) if session is not None else []


def gates_start(*, request: HttpRequest | None, user: User) -> None:
    """At sign-in: store the gates and record the login, or its first step."""
    gates = gates_for(user=user)
    if request is not None and hasattr(request, "session"):
        request.session[GATES_KEY] = gates
    pending = bool(SECOND_FACTOR & set(gates))
    kind = SecurityEventKind.SIGNIN_STARTED if pending else SecurityEventKind.LOGIN
    security_event_record(kind=kind, request=request, user=user)


def gate_pass(*, request: HttpRequest, gate: str) -> None:
    """`gate` is done. Passing the second factor completes the login: a new session key (the
    one from before the code is never signed in) and the login in the audit trail."""
    gates = gates_open(request)
    if gate not in gates:
        return
    gates.remove(gate)
    request.session[GATES_KEY] = gates
    if gate in SECOND_FACTOR:
        request.session.cycle_key()
        security_event_record(kind=SecurityEventKind.LOGIN, request=request, user=request.user)


def next_url(request: HttpRequest) -> str:
    """Where to go once the gates are passed: `next` when it is a path on this site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("home")


def after_gate(request: HttpRequest) -> HttpResponse:
    """The next open gate's page, or where the user was going."""
    target = next_url(request)
    gates = gates_open(request)
    if gates:
        return redirect(f"{reverse(GATE_ROUTES[gates[0]])}?{urlencode({'next': target})}")
    return redirect(target)


class SignInGateMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Any, args: Any, kwargs: Any
    ) -> HttpResponse | None:
        gates = gates_open(request)
        if not gates or not request.user.is_authenticated:
            return None
        match = request.resolver_match
        route = match.view_name if match is not None else ""
        if route == GATE_ROUTES[gates[0]] or route in OPEN_ROUTES:
            return None
        if route == "accounts:recovery-codes" and request.method == "GET":
            return None  # the codes just issued, shown once, before a password gate
        if request.path.startswith(API_PREFIX):
            message = _("Finish signing in on the web page first (verification code or password).")
            return JsonResponse({"code": "signin_incomplete", "message": message}, status=403)
        page = reverse(GATE_ROUTES[gates[0]])
        if request.method == "GET":
            page = f"{page}?{urlencode({'next': request.get_full_path()})}"
        if request.headers.get("HX-Request"):
            return HttpResponse(status=204, headers={"HX-Redirect": page})
        return redirect(page)
