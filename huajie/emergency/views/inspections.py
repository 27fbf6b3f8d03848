"""Inspection plans (排查计划) and their standing, and recording an inspection: a plan's for
this period, or a one-off check of a key place; a failed item is registered as a hazard."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from huajie.common.errors import ApplicationError, NotFound
from huajie.common.scoping import get_visible, visible_to

from .. import rules, selectors
from ..forms import HazardForm, InspectionPlanForm
from ..models import InspectionPlan, KeyPlace
from ..services import hazards as hz
from ..services import inspections as svc
from .common import acting_user, denied, visible


@login_required
def inspections(request: HttpRequest) -> HttpResponse:
    """Every plan's standing this period (done / due / missed) and the form for a new plan."""
    user = acting_user(request)
    today = timezone.localdate()
    places = visible_to(KeyPlace.objects.all(), user).select_related("unit").order_by("name")
    writable = [p.pk for p in places if rules.may_inspect(user, p.unit)]
    form = InspectionPlanForm(
        request.POST or None, places=places.filter(pk__in=writable), user=user
    )
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            data = svc.InspectionPlanInput(
                place=d["place"], name=d["name"], checklist=d["checklist"],
                frequency=d["frequency"], starts_on=d["starts_on"], inspector=d["inspector"],
                rectify_days=d["rectify_days"],
            )  # fmt: skip
            try:
                svc.inspection_plan_save(data=data, acting_user=user)
            except ApplicationError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, "已制定排查计划，本周期的排查已列入待办。")
                return redirect(reverse("emergency:inspections"))
        else:
            messages.error(request, "请按提示修改后再提交。")
    plans = selectors.inspection_plans_for_user(user=user)
    return render(request, "emergency/inspections.html", {
        "schedule": selectors.inspection_schedule(plans=plans, today=today), "today": today,
        "form": form if writable else None, "places": places,
    })  # fmt: skip


@login_required
def plan_inspect(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    plan = visible(selectors.inspection_plan_get_for_user, user=user, pk=pk)
    return _inspect(request, plan.place, plan)


@login_required
def inspect(request: HttpRequest, pk: int) -> HttpResponse:
    """A one-off check (专项检查) of a key place against its own checklist."""
    user = acting_user(request)
    try:
        place = get_visible(KeyPlace.objects.select_related("unit"), user, pk=pk)
    except NotFound as exc:
        raise Http404(exc.message) from exc  # another unit's place: not found, never 403
    return _inspect(request, place, None)


def _inspect(request: HttpRequest, place: KeyPlace, plan: InspectionPlan | None) -> HttpResponse:
    """Each checklist item passed or failed; a failed item needs its hazard (one failure per
    submission keeps the phone form short); a plan's deadline for 一般 hazards is prefilled."""
    user = acting_user(request)
    if not rules.may_inspect(user, place.unit):
        return denied(request, "只有责任单位的工作人员可以登记隐患排查。")
    items = plan.items if plan is not None else place.items
    today = timezone.localdate()
    initial = {"deadline": today + timedelta(days=plan.rectify_days)} if plan else {}
    hazard_form = HazardForm(request.POST or None, user=user, prefix="h", initial=initial)
    if request.method == "POST":
        results = {item: request.POST.get(f"item{i}") != "fail" for i, item in enumerate(items)}
        failures: dict[str, Any] = {}
        failed = [item for item, ok in results.items() if not ok]
        if failed and hazard_form.is_valid():
            d = hazard_form.cleaned_data
            for item in failed:
                failures[item] = hz.HazardInput(
                    item=item, description=d["description"], level=d["level"],
                    deadline=d["deadline"], responsible=d["responsible"],
                    measures=d["measures"], funds=d["funds"], contingency=d["contingency"],
                    supervisor_unit=d["supervisor_unit"],
                    photos=tuple(request.FILES.getlist("h-files")),
                )  # fmt: skip
        try:
            svc.inspection_record(place=place, plan=plan, inspected_on=today, results=results,
                                  failures=failures, note=request.POST.get("note", ""),
                                  acting_user=user)  # fmt: skip
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"已登记排查，{len(failed)}项不合格已登记为隐患。")
            return redirect(reverse("emergency:inspections" if plan else "emergency:hazards"))
    return render(request, "emergency/inspect.html", {
        "place": place, "plan": plan, "items": list(enumerate(items)),
        "hazard_form": hazard_form,
    })  # fmt: skip
