"""Helpers shared by the duty views."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from functools import wraps
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from huajie.common.errors import ApplicationError, NotFound, PermissionDenied
from huajie.orgs.models import User


def acting_user(request: HttpRequest) -> User:
    return cast(User, request.user)


def run(request: HttpRequest, work: Callable[[], Any], done: str, back: str) -> HttpResponse:
    """Run a service; its refusal is shown as the sentence it is, and the page comes back."""
    try:
        work()
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return HttpResponseRedirect(back)


def day_param(value: str | None, default: date) -> date:
    if not value:
        return default
    parsed = parse_date(value.replace("/", "-"))
    return parsed or default


def moment_param(value: str | None) -> datetime | None:
    if not value:
        return None
    parsed = parse_datetime(value)
    if parsed is None:
        return None
    return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed


def page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A logged-in page: a record the user may not see is 404, a refused page 403."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:
            raise Http404(exc.message) from exc
        except PermissionDenied as exc:
            raise DjangoPermissionDenied(exc.message) from exc

    return login_required(wrapped)
