"""The dispute register (纠纷台账) with filters, sort, paging and export; the mediator's queue; the
rates page."""

from __future__ import annotations

import csv
from datetime import date
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from huajie.common.counting import is_estimated_count
from huajie.common.forms import LenientDateField

from .. import rates as rates_mod
from .. import selectors
from ..models import DisputeClass, Source
from ..oversight import overseen_by
from ..selectors import DisputeFilters
from ..states import Status
from .common import acting_user
from .presenters import STATUS_STYLE, next_badge

PAGE_SIZES = (25, 50, 100)


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return LenientDateField().clean(value)
    except Exception:  # noqa: BLE001 - a mistyped filter date is ignored, not an error page
        return None


def filters_from(request: HttpRequest) -> DisputeFilters:
    g = request.GET
    return DisputeFilters(
        q=g.get("q", "").strip()[:50],
        status=g.get("status", ""),
        dispute_class=_int(g.get("class")),
        dispute_type=_int(g.get("type")),
        unit=_int(g.get("unit")),
        source=g.get("source", ""),
        received_from=_date(g.get("from")),
        received_to=_date(g.get("to")),
        due=g.get("due", ""),
        mine=g.get("mine") == "1",
        overseen=g.get("overseen") == "1",
        sort=g.get("sort", "-received_on"),
    )


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    today = timezone.localdate()
    qs = selectors.dispute_list_for_user(user=user, filters=filters_from(request), today=today)
    size = _int(request.GET.get("size")) or 25
    size = size if size in PAGE_SIZES else 25
    page = Paginator(qs.prefetch_related("clocks"), size).get_page(request.GET.get("page"))
    start = (page.number - 1) * size + 1
    rows = [
        {
            "n": start + i,
            "d": d,
            "style": STATUS_STYLE.get(d.status, "secondary"),  # type: ignore[call-overload]
            "clock": next_badge(list(d.clocks.all()), today),
        }
        for i, d in enumerate(page.object_list)
    ]
    query = request.GET.copy()
    query.pop("page", None)
    context: dict[str, Any] = {
        "rows": rows,
        "page": page,
        "estimated": is_estimated_count(page.paginator.object_list),
        "query": query.urlencode(),
        "g": request.GET,
        "statuses": Status.choices,
        "classes": DisputeClass.choices,
        "sources": Source.choices,
        "types": selectors.types_active(),
        "units": [(u, u.kind == "town") for u in selectors.ledger_units(user)],
        "sizes": PAGE_SIZES,
        "size": size,
        "oversees": user.unit is not None and overseen_by(user.unit).pk != user.unit_id,
    }
    return render(request, "mediation/ledger.html", context)


class _Echo:
    def write(self, value: str) -> str:
        return value


@login_required
@require_GET
def export(request: HttpRequest) -> StreamingHttpResponse:
    """The filtered register as CSV (UTF-8 with BOM, opens in Excel); no personal data."""
    user = acting_user(request)
    qs = selectors.dispute_list_for_user(
        user=user, filters=filters_from(request), today=timezone.localdate()
    )
    writer = csv.writer(_Echo())
    head = ["序号", "纠纷编号", "纠纷摘要", "类型", "等级", "来源", "调解组织", "调处层级",
            "发现日期", "状态", "主持调解员", "最近到期日"]  # fmt: skip

    def rows() -> Any:
        yield "\ufeff" + writer.writerow(head)
        for n, d in enumerate(qs.iterator(chunk_size=500), 1):
            yield writer.writerow([
                n, d.reg_no, d.title, str(d.dispute_type), d.get_dispute_class_display(),
                d.get_source_display(), d.unit.name, d.get_level_display(),
                d.received_on.isoformat(), d.get_status_display(), d.mediator or "",
                d.next_due.isoformat() if d.next_due else "",
            ])  # fmt: skip

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="disputes.csv"'
    return response


@login_required
@require_GET
def my_work(request: HttpRequest) -> HttpResponse:
    """The mediator's queue: disputes on hand, visits due, performance terms due."""
    user = acting_user(request)
    today = timezone.localdate()
    on_hand = list(
        selectors.dispute_list_for_user(
            user=user, filters=DisputeFilters(status="open", sort="next_due"), today=today
        ).prefetch_related("clocks")[:50]
    )
    context = {
        "counts": selectors.work_counts(user=user, today=today),
        "on_hand": [
            {"d": d, "style": STATUS_STYLE.get(d.status, "secondary"),  # type: ignore[call-overload]
             "clock": next_badge(list(d.clocks.all()), today)}
            for d in on_hand
        ],
        "visits": list(selectors.visits_due_for_user(user=user, today=today)[:20]),
        "terms": selectors.terms_due_for_user(user=user, today=today),
        "today": today,
    }  # fmt: skip
    return render(request, "mediation/my_work.html", context)


@login_required
@require_GET
def rates(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    start, end = _date(request.GET.get("from")), _date(request.GET.get("to"))
    by = request.GET.get("by", "unit")
    by = by if by in rates_mod.GROUPS else "unit"
    overall, rows = rates_mod.rates_for_user(user=user, start=start, end=end, by=by)
    context = {
        "overall": overall,
        "rows": rows,
        "g": request.GET,
        "by": by,
        "groups": rates_mod.GROUPS.items(),
        "group_label": rates_mod.GROUPS[by],
        "min_count": rates_mod.MIN_COUNT,
    }
    return render(request, "mediation/rates.html", context)
