"""What every portal page shares: no caching, the client's key for rate limits, and the small
session state (a verified phone, the case looked up) that expires by itself. The security headers
(a CSP without inline script or style, frame-ancestors 'none', Referrer-Policy same-origin …) are
the whole site's: `common.middleware.SecurityHeadersMiddleware` and Django's own."""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse

from huajie.accounts.services import client_ip

from .. import conf

View = Callable[..., HttpResponse]


def portal_page(view: View) -> View:
    """Public page: no caching of pages that may carry a petitioner's details."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response.headers.setdefault("Cache-Control", "no-store")
        return response

    return wrapped


def client_of(request: HttpRequest) -> str:
    return client_ip(request) or "unknown"


def session_put(request: HttpRequest, name: str, value: Any) -> None:
    request.session[f"portal.{name}"] = {"value": value, "at": time.time()}


def session_get(request: HttpRequest, name: str) -> Any:
    """The value, or None once `PORTAL_SESSION_MINUTES` have passed since it was put."""
    entry = request.session.get(f"portal.{name}")
    if not entry or time.time() - entry["at"] > conf.session_lifetime().total_seconds():
        request.session.pop(f"portal.{name}", None)
        return None
    return entry["value"]


def session_drop(request: HttpRequest, name: str) -> None:
    request.session.pop(f"portal.{name}", None)
