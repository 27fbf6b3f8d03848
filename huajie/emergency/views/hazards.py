"""The hazard board, a hazard's page (整改 / 复查销号), drills; inspections are in
`inspections`."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from huajie.common.errors import ApplicationError, NotFound
from huajie.common.scoping import get_visible, visible_to
from huajie.orgs.models import User
from huajie.workflow.forms import ActionForm, build_form

from .. import selectors
from ..actions import HAZARD_ACTIONS
from ..forms import DrillForm
from ..models import Attachment, Hazard, HazardLevel, HazardStatus, Plan
from ..services import hazards as svc
from .common import acting_user, run, visible

PAGE_SIZES = ("20", "50", "100")


@login_required
def hazard_board(request: HttpRequest) -> HttpResponse:
    """The board: its counts (one aggregate, which is also the list's length for the usual
    filters) and one page of plain rows; paging is worked out on the count alone."""
    user = acting_user(request)
    today = timezone.localdate()
    filters = selectors.HazardFilters(
        status=request.GET.get("status", "unclosed"), level=request.GET.get("level", "")
    )
    counts = selectors.hazard_counts(user=user, today=today)
    count = selectors.hazard_board_count(user=user, filters=filters, counts=counts, today=today)
    size = request.GET.get("size", "")
    per_page = int(size) if size in PAGE_SIZES else 50
    page = Paginator(range(count), per_page).get_page(request.GET.get("page"))
    first = page.start_index()
    rows = selectors.hazard_board_page(
        user=user, filters=filters, offset=max(first - 1, 0), limit=per_page, today=today
    )
    query = f"status={filters.status}&level={filters.level}&size={per_page}"
    return render(request, "emergency/hazards.html", {
        "rows": rows, "page": page, "count": count, "first": first, "query": query,
        "sizes": PAGE_SIZES, "per_page": per_page, "filters": filters, "today": today,
        "counts": counts, "statuses": HazardStatus.choices, "levels": HazardLevel.choices,
        "hazard_url": reverse("emergency:hazard", args=[0]).removesuffix("0/"),  # + pk + "/"
    })  # fmt: skip


@login_required
def hazard_rates(request: HttpRequest) -> HttpResponse:
    """按期整改率 per responsible unit (its own page: it reads every rectified hazard)."""
    user = acting_user(request)
    return render(request, "emergency/hazard_rates.html", {
        "rates": selectors.hazard_rates(user=user),
    })  # fmt: skip


def _forms(hazard: Hazard, user: User, bound: ActionForm | None = None) -> list[Any]:
    return [
        (a, bound if bound is not None and bound.prefix == a.name
         else build_form(a, hazard, namespace="emergency"))
        for a in HAZARD_ACTIONS.available(user, hazard)
    ]  # fmt: skip


def _page(request: HttpRequest, hazard: Hazard, *, bound: ActionForm | None = None,
          status: int = 200) -> HttpResponse:  # fmt: skip
    user = acting_user(request)
    return render(request, "emergency/hazard.html", {
        "hazard": hazard, "today": timezone.localdate(), "forms": _forms(hazard, user, bound),
        "events": hazard.events.select_related("actor").order_by("at"),
        "photos": list(Attachment.objects.filter(hazard=hazard)),
    }, status=status)  # fmt: skip


@login_required
def hazard_detail(request: HttpRequest, pk: int) -> HttpResponse:
    hazard = visible(selectors.hazard_get_for_user, user=acting_user(request), pk=pk)
    return _page(request, hazard)


@login_required
@require_POST
def hazard_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """An action of the registry (`actions.HAZARD_ACTIONS`) from its form on the hazard page."""
    user = acting_user(request)
    hazard = visible(selectors.hazard_get_for_user, user=user, pk=pk)
    entry = HAZARD_ACTIONS.get(action)
    if entry is None:
        raise Http404("没有这项操作。")
    form = build_form(entry, hazard, data=request.POST, files=request.FILES,
                      namespace="emergency")  # fmt: skip
    if not form.is_valid():
        messages.error(request, "请按提示修改后再提交。")
        return _page(request, hazard, bound=form, status=400)
    back = reverse("emergency:hazard", args=[pk])
    return run(request, back, lambda: entry.run(hazard, user, form.cleaned_data.get("version"),
                                                form.inputs_data()),
               entry.text(hazard, "done"))  # fmt: skip


@login_required
def drills(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    today = timezone.localdate()
    plans = visible_to(Plan.objects.all(), user).order_by("name")
    form = DrillForm(request.POST or None, plans=plans, user=user)
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            data = svc.DrillInput(plan=d["plan"], kind=d["kind"], planned_on=d["planned_on"],
                                  scenario=d["scenario"], held_on=d["held_on"],
                                  participants=d["participants"] or 0,
                                  evaluation=d["evaluation"])  # fmt: skip
            try:
                svc.drill_save(data=data, acting_user=user, actions=form.actions)
            except ApplicationError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, "已保存演练。")
                return redirect(reverse("emergency:drills"))
        else:
            messages.error(request, "请按提示修改后再提交。")
    return render(request, "emergency/drills.html", {
        "due": selectors.drills_due(user=user, today=today), "today": today,
        "drills": selectors.drill_list_for_user(user=user)[:100], "form": form,
        "actions": selectors.actions_open_for_user(user=user)[:50],
    })  # fmt: skip


@login_required
@require_POST
def action_done(request: HttpRequest, pk: int) -> HttpResponse:
    from ..models import CorrectiveAction
    from ..services.incidents import action_done as done

    user = acting_user(request)
    try:
        action = get_visible(CorrectiveAction.objects.all(), user, pk=pk)
    except NotFound as exc:
        raise Http404(exc.message) from exc  # another unit's action: not found, never 403
    return run(
        request,
        reverse("emergency:drills"),
        lambda: done(action=action, note=request.POST.get("note", ""), acting_user=user),
        "已标记完成。",
    )
