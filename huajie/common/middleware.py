"""Request middleware shared by every module."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed

from .timeline import EventSource, event_source


class EventSourceMiddleware:
    """Marks every timeline event written by a request with where it came from: the API
    (`/api/`), the petitioner portal (`/portal/`) or the staff screens."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info
        if path.startswith("/api/"):
            source = EventSource.API
        elif path.startswith("/portal/"):
            source = EventSource.PORTAL
        else:
            source = EventSource.WEB
        with event_source(source):
            return self.get_response(request)


PAGE_METHODS = ("GET", "HEAD", "POST", "OPTIONS")


class PageMethodsMiddleware:
    """The staff screens are HTML forms: GET and POST only. PUT, PATCH and DELETE to a page are
    405 before any view runs (a view without a method decorator would otherwise answer them as
    a GET). The API and the admin site decide their own methods."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in PAGE_METHODS and not request.path_info.startswith(
            ("/api/", "/admin/")
        ):
            return HttpResponseNotAllowed(["GET", "POST"])
        return self.get_response(request)


class SecurityHeadersMiddleware:
    """The headers Django's own middleware does not set: a Content-Security-Policy on every HTML
    answer (settings.CONTENT_SECURITY_POLICY: no inline script or style anywhere, so the one
    policy covers the staff screens, the admin and the portal) and a Permissions-Policy on every
    answer. X-Content-Type-Options, Referrer-Policy and Cross-Origin-Opener-Policy come from
    `SecurityMiddleware`, X-Frame-Options from `XFrameOptionsMiddleware`. A view that sets its
    own policy keeps it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.policy = "; ".join(
            f"{directive} {sources}"
            for directive, sources in settings.CONTENT_SECURITY_POLICY.items()
        )
        self.permissions = settings.PERMISSIONS_POLICY

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.get("Content-Type", "").startswith("text/html"):
            response.headers.setdefault("Content-Security-Policy", self.policy)
        response.headers.setdefault("Permissions-Policy", self.permissions)
        return response
