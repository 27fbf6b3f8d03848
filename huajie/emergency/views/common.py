"""Small helpers shared by the emergency views."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from huajie.common.errors import ApplicationError, NotFound
from huajie.orgs.models import User


def acting_user(request: HttpRequest) -> User:
    return cast(User, request.user)


def visible(loader: Callable[..., Any], **kwargs: Any) -> Any:
    """A record through its selector; not found (404) when the user may not see it."""
    try:
        return loader(**kwargs)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def denied(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "emergency/denied.html", {"message": message}, status=403)


def run(request: HttpRequest, back: str, call: Callable[[], Any], done: str) -> HttpResponse:
    """Run a service from a POST; its refusal is shown as a sentence on the page it came from."""
    try:
        call()
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect(back)
    if done:
        messages.success(request, done)
    return redirect(back)
