"""Daily reports: filing (or 零报告), the county's units × days matrix, the day's summary."""

from __future__ import annotations

from datetime import date, timedelta

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from huajie.common.errors import NotFound

from .. import selectors
from ..forms import ReportForm
from ..models import DailyReport, ReportDefinition
from ..services import reports as services
from .common import acting_user, day_param, page, run


@page
def reports(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    unit = user.unit
    if request.method == "POST" and unit is not None:
        definition = get_object_or_404(
            ReportDefinition, pk=request.POST.get("definition"), units=user.unit
        )
        form = ReportForm(request.POST)
        form.is_valid()
        data = form.cleaned_data
        return run(
            request,
            lambda: services.report_file(
                definition=definition,
                unit=unit,
                kind=data.get("kind", ""),
                content=data.get("content", ""),
                acting_user=user,
            ),
            f"《{definition.name}》已报送。",
            reverse("duty:reports"),
        )
    today = timezone.localdate()
    dues = selectors.reports_due(unit=user.unit) if user.unit else []
    history = (
        DailyReport.objects.filter(unit=user.unit, day__gte=today - timedelta(days=13))
        .select_related("definition", "filed_by")
        .order_by("-filed_at")
        if user.unit
        else []
    )
    return render(
        request,
        "duty/reports.html",
        {"dues": dues, "form": ReportForm(), "history": history, "today": today},
    )


def _definition(request: HttpRequest) -> ReportDefinition | None:
    user = acting_user(request)
    definitions = selectors.definitions_for_user(user=user)
    wanted = request.GET.get("definition")
    if wanted and wanted.isdigit():
        found = definitions.filter(pk=int(wanted)).first()
        if found is None:
            raise NotFound("未找到该报送要求，或您无权查看。")
        return found
    return definitions.first()


@page
def matrix(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    today = timezone.localdate()
    last = day_param(request.GET.get("last"), today)
    first = day_param(request.GET.get("first"), last - timedelta(days=13))
    if (last - first).days > 92 or last < first:
        first = last - timedelta(days=13)
    definition = _definition(request)
    days: list[date] = []
    rows: list[selectors.MatrixRow] = []
    if definition is not None:
        days, rows = selectors.report_matrix(
            user=user, definition=definition, first=first, last=last
        )
    due = sum(r.due for r in rows)
    done = sum(r.reported for r in rows)
    context = {
        "definition": definition,
        "definitions": selectors.definitions_for_user(user=user),
        "days": days,
        "rows": rows,
        "first": first,
        "last": last,
        "rate": round(done * 100 / due, 1) if due else None,
        "today": today,
    }
    return render(request, "duty/matrix.html", context)


@page
def summary(request: HttpRequest) -> HttpResponse:
    """The day's summary, printable: every unit's reports of one day."""
    user = acting_user(request)
    day = day_param(request.GET.get("day"), timezone.localdate())
    definition = _definition(request)
    rows = []
    if definition is not None:
        _, matrix_rows = selectors.report_matrix(
            user=user, definition=definition, first=day, last=day
        )
        filed = {
            (r.unit_id, r.cutoff_at): r
            for r in DailyReport.objects.filter(definition=definition, day=day).select_related(
                "filed_by"
            )
        }
        for row in matrix_rows:
            rows.append(
                {
                    "unit": row.unit,
                    "marks": [(m, filed.get((row.unit.pk, m.at))) for m in row.cells[0]],
                }
            )
    return render(
        request, "duty/summary.html", {"definition": definition, "day": day, "rows": rows}
    )
