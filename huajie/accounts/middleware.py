"""Idle-session expiry (等保 2.0 level 3): after SESSION_IDLE_SECONDS without a request, a
session login ends and the user is sent to the login page with a notice (API calls made with
the session get the API's own "not authenticated" answer instead).

Token-authenticated API requests carry no session login, so they pass through untouched. The
last-activity stamp is written at most once a minute to spare a session save on every request;
expiry can therefore come up to a minute early.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import redirect, resolve_url
from django.utils import timezone

from .selectors import LAST_ACTIVITY_KEY, session_idle

IDLE_NOTICE_KEY = "accounts.idle_notice"
API_PREFIX = "/api/"
STAMP_RESOLUTION_SECONDS = 60


class IdleSessionTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = timezone.now()
            if session_idle(request.session, now=now):
                logout(request)  # the logout receiver records it as session_expired
                if not request.path.startswith(API_PREFIX):
                    return self._to_login(request)
                return self.get_response(request)  # the API answers 401 to an anonymous call
            last = request.session.get(LAST_ACTIVITY_KEY)
            stamp = int(now.timestamp())
            if last is None or stamp - int(last) >= STAMP_RESOLUTION_SECONDS:
                request.session[LAST_ACTIVITY_KEY] = stamp
        return self.get_response(request)

    def _to_login(self, request: HttpRequest) -> HttpResponse:
        request.session[IDLE_NOTICE_KEY] = True
        login_url = resolve_url(settings.LOGIN_URL)
        if request.headers.get("HX-Request"):
            return HttpResponse(status=204, headers={"HX-Redirect": login_url})
        if request.method == "GET":
            return redirect_to_login(request.get_full_path(), login_url)
        return redirect(login_url)


class DefaultChineseLocaleMiddleware(LocaleMiddleware):
    """zh-hans unless the user chose another language with the switch (the language cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language; a county office's
    browsers are often English-language builds, and the product language is Chinese.
    """

    def process_request(self, request: HttpRequest) -> None:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        super().process_request(request)
