"""The ledger (台账), the per-user queue (我的待办) and the due-soon/overdue list (期限预警)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from .. import selectors
from ..forms import (
    LedgerFilterForm,
    reference_categories,
    reference_regions,
    reference_units,
)
from ..models import Petition
from ..selectors import DUE_SOON_DAYS, LedgerFilters
from .common import acting_user, may_register
from .presenters import Row, rows_for

SUPERVISION_PAGE_SIZE = 50


def _page(request: HttpRequest, qs: QuerySet[Petition], per_page: int) -> tuple[Page, list[Row]]:
    """One COUNT and one SELECT for the page, one query for the page's clocks."""
    page = Paginator(qs.prefetch_related("clocks"), per_page).get_page(request.GET.get("page"))
    today = timezone.localdate()
    return page, rows_for(list(page.object_list), start=page.start_index(), today=today)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    form = LedgerFilterForm(
        request.GET or None,
        units=reference_units(),
        categories=reference_categories(),
        regions=reference_regions(),
    )
    filters = form.filters()
    qs = selectors.petition_list_for_user(user=user, filters=filters)
    page, rows = _page(request, qs, form.page_size())
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "sort": filters.sort,
        "filtered": form.active_count > 0,
        "estimated": selectors.is_estimated_count(page.paginator.object_list),
        "may_register": may_register(user),
    }
    return render(request, "petitions/ledger.html", context)


@login_required
def my_work(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    page, rows = _page(request, selectors.my_work_for_user(user=user), 50)
    context = {"page": page, "rows": rows, "may_register": may_register(user)}
    return render(request, "petitions/my_work.html", context)


SUPERVISION_STATES = {"overdue": "已超期", "due_soon": "即将到期"}
GROUPINGS = {"unit": "按承办单位", "leader": "按包案领导"}


@login_required
def supervision(request: HttpRequest) -> HttpResponse:
    """Cases whose nearest staff deadline is past or within three days, grouped with counts."""
    user = acting_user(request)
    today = timezone.localdate()
    state = request.GET.get("clock", "")
    state = state if state in SUPERVISION_STATES else ""
    group = request.GET.get("group", "unit")
    group = group if group in GROUPINGS else "unit"
    base = selectors.petition_list_for_user(user=user, filters=LedgerFilters()).annotate(
        resp_unit_id=Coalesce("handling_unit_id", "unit_id"),
        resp_unit_name=Coalesce("handling_unit__name", "unit__name"),
    )
    soon = today + timedelta(days=DUE_SOON_DAYS)
    flagged = base.filter(next_due__lte=soon)  # type: ignore[misc]  # annotated by the selector
    overdue, due_soon = Q(next_due__lt=today), Q(next_due__gte=today)
    counts = {"overdue": Count("pk", filter=overdue), "due_soon": Count("pk", filter=due_soon)}
    by_unit: list[dict[str, Any]] = [
        dict(row)
        for row in flagged.order_by()
        .values("resp_unit_id", "resp_unit_name")
        .annotate(**counts)
        .order_by("-overdue", "-due_soon", "resp_unit_name")  # type: ignore[misc]
    ]
    by_leader: list[dict[str, Any]] = [
        dict(row)
        for row in flagged.order_by()
        .values(
            "responsible_leader_id", "responsible_leader__full_name", "responsible_leader__username"
        )
        .annotate(**counts)
        .order_by("-overdue", "-due_soon", "responsible_leader__full_name")  # type: ignore[misc]
    ]
    totals = {
        "overdue": sum(r["overdue"] for r in by_unit),
        "due_soon": sum(r["due_soon"] for r in by_unit),
    }
    listed = flagged.filter(overdue if state == "overdue" else due_soon) if state else flagged
    listed = listed.order_by(  # type: ignore[misc]
        "resp_unit_name" if group == "unit" else "responsible_leader__full_name", "next_due", "id"
    )
    page, rows = _page(request, listed, SUPERVISION_PAGE_SIZE)
    context = {
        "state": state,
        "states": SUPERVISION_STATES,
        "group": group,
        "groupings": GROUPINGS,
        "by_unit": by_unit,
        "by_leader": by_leader,
        "totals": totals,
        "page": page,
        "rows": rows,
        "today": today,
    }
    return render(request, "petitions/supervision.html", context)
