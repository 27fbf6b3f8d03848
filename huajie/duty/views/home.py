"""The duty officer's phone home, the duty-room desktop and "who is on duty now"."""

from __future__ import annotations

from datetime import timedelta

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from .. import selectors
from ..models import LogStatus
from ..services.rota import keeps_rota
from .common import acting_user, page


@page
def index(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    now = timezone.now()
    today = timezone.localdate()
    context = {
        "now": now,
        "next": selectors.next_shift(user=user, at=now),
        "periods": selectors.periods_now(unit=user.unit) if user.unit else [],
        "mine_now": selectors.on_duty_now(user=user, at=now, unit=user.unit) if user.unit else [],
        "dues": selectors.reports_due(unit=user.unit, at=now) if user.unit else [],
        "entries": selectors.entries_for_user(user=user).filter(
            unit=user.unit, received_at__date=today
        )[:20]
        if user.unit
        else [],
        "keeps_rota": keeps_rota(user.unit),
        "open_count": selectors.entries_for_user(user=user)
        .filter(unit=user.unit, status=LogStatus.OPEN)
        .count()
        if user.unit
        else 0,
    }
    return render(request, "duty/index.html", context)


@page
def desk(request: HttpRequest) -> HttpResponse:
    """The duty-room desktop: who is on duty across the county, today's reports, the log."""
    user = acting_user(request)
    now = timezone.now()
    today = timezone.localdate()
    definitions = list(selectors.definitions_for_user(user=user))
    matrix = None
    if definitions:
        days, rows = selectors.report_matrix(
            user=user,
            definition=definitions[0],
            first=today - timedelta(days=6),
            last=today,
            at=now,
        )
        matrix = {"definition": definitions[0], "days": days, "rows": rows}
    context = {
        "now": now,
        "on_duty": selectors.on_duty_now(user=user, at=now),
        "matrix": matrix,
        "entries": selectors.entries_for_user(user=user)[:30],
        "gaps": selectors.gaps_between(user=user, start=now, end=now + timedelta(hours=24)),
        "periods": selectors.periods_now(unit=user.unit) if user.unit else [],
    }
    return render(request, "duty/desk.html", context)


@page
def now(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    return render(
        request,
        "duty/now.html",
        {"on_duty": selectors.on_duty_now(user=user), "now": timezone.now()},
    )
