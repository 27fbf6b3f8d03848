"""What staff set up without the Django admin: report definitions (what units report, by when,
from which day) and special periods (特护期: dates, report schedule, officers per slot, leave
from post). The services check everything; a refusal comes back next to its field."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from huajie.common.errors import ApplicationError, PermissionDenied
from huajie.common.scoping import can_write, get_visible, visible_to
from huajie.orgs.models import RoleCode, Unit, User

from ..forms import ReportDefinitionForm, SpecialPeriodForm, split_times
from ..models import ReportDefinition, SpecialPeriod
from ..services import reports as services
from .common import acting_user, page


def _units_below(user: User) -> QuerySet[Unit]:
    if user.unit is None:
        return Unit.objects.none()
    return (
        Unit.objects.filter(path__startswith=user.unit.path, is_active=True)
        .exclude(pk=user.unit.pk)
        .order_by("path")
    )


def _leaders(user: User) -> QuerySet[User]:
    if user.unit is None:
        return User.objects.none()
    above = [int(p) for p in user.unit.path.strip("/").split("/") if p]
    return (
        User.objects.filter(unit_id__in=above, is_active=True, roles__code=RoleCode.LEADER)
        .distinct()
        .order_by("unit__depth", "id")
    )


def _may_create(user: User, record: Any) -> None:
    if user.unit is None or not can_write(user, record):
        raise PermissionDenied(
            "只有本单位领导、值班人员或管理员可以设置报送要求和特护期。如需设置，请联系本单位领导。"
        )


def _save(
    request: HttpRequest, form: Any, work: Callable[[], Any], done: str, back: str
) -> HttpResponse | None:
    """Run the service; its refusal goes next to its field (the form comes back), else the
    list with a message."""
    try:
        work()
    except ApplicationError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return None
    messages.success(request, done)
    return redirect(back)


@page
def definitions(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    rows = (
        visible_to(ReportDefinition.objects.select_related("unit"), user)
        .prefetch_related("units")
        .distinct()
        .order_by("-is_active", "unit__path", "id")
    )
    writable = user.unit is not None and can_write(user, ReportDefinition(unit=user.unit))
    return render(
        request,
        "duty/definitions.html",
        {"rows": [(d, can_write(user, d)) for d in rows], "writable": writable},
    )


def _definition_form(request: HttpRequest, definition: ReportDefinition | None) -> HttpResponse:
    user = acting_user(request)
    owner = definition.unit if definition else user.unit
    assert owner is not None  # noqa: S101 - _may_create refused a user without a unit
    units = Unit.objects.filter(path__startswith=owner.path).exclude(pk=owner.pk)
    initial = {}
    if definition is not None:
        initial = {
            "name": definition.name,
            "times": "、".join(definition.times),
            "days": definition.days,
            "starts_on": definition.starts_on,
            "source": definition.source,
            "units": list(definition.units.all()),
            "is_active": definition.is_active,
        }
    else:
        initial = {"times": "17:00", "starts_on": timezone.localdate(), "is_active": True}
    form = ReportDefinitionForm(
        request.POST or None,
        initial=initial,
        units=units.filter(is_active=True).order_by("path"),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["times"] = split_times(data["times"])
        data["units"] = list(data["units"])
        if definition is None:
            data.pop("is_active")
            done = _save(
                request,
                form,
                lambda: services.definition_create(unit=owner, acting_user=user, **data),
                f"报送要求《{data['name']}》已设置。",
                "duty:definitions",
            )
        else:
            done = _save(
                request,
                form,
                lambda: services.definition_update(definition=definition, acting_user=user, **data),
                f"报送要求《{data['name']}》已修改。",
                "duty:definitions",
            )
        if done is not None:
            return done
    return render(
        request,
        "duty/definition_form.html",
        {"form": form, "definition": definition},
        status=400 if form.errors else 200,
    )


@page
def definition_new(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    _may_create(user, ReportDefinition(unit=user.unit))
    return _definition_form(request, None)


@page
def definition_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    definition = get_visible(ReportDefinition.objects.select_related("unit"), user, pk=pk)
    _may_create(user, definition)
    return _definition_form(request, definition)


@page
def periods(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    rows = visible_to(SpecialPeriod.objects.select_related("unit", "leader"), user).order_by(
        "-starts_on", "id"
    )
    above = (
        SpecialPeriod.objects.filter(
            unit_id__in=[int(p) for p in user.unit.path.strip("/").split("/") if p]
        )
        .exclude(unit=user.unit)
        .select_related("unit", "leader")
        if user.unit
        else SpecialPeriod.objects.none()
    )
    writable = user.unit is not None and can_write(user, SpecialPeriod(unit=user.unit))
    today = timezone.localdate()
    return render(
        request,
        "duty/periods.html",
        {
            "rows": [(p, can_write(user, p)) for p in rows],
            "above": above,
            "writable": writable,
            "today": today,
        },
    )


def _period_form(request: HttpRequest, period: SpecialPeriod | None) -> HttpResponse:
    user = acting_user(request)
    owner = period.unit if period else user.unit
    assert owner is not None  # noqa: S101 - _may_create refused a user without a unit
    initial: dict[str, Any] = {}
    if period is not None:
        initial = {
            "name": period.name,
            "starts_on": period.starts_on,
            "ends_on": period.ends_on,
            "report_times": "、".join(period.report_times),
            "report_days": period.report_days,
            "officers_per_slot": period.officers_per_slot,
            "leave_needs_approval": period.leave_needs_approval,
            "leader": period.leader,
            "notes": period.notes,
        }
    form = SpecialPeriodForm(request.POST or None, initial=initial, leaders=_leaders(user))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["report_times"] = split_times(data["report_times"] or "")
        if period is None:
            done = _save(
                request,
                form,
                lambda: services.period_create(unit=owner, acting_user=user, **data),
                f"特护期“{data['name']}”已设置，{owner}及下级单位均按此执行。",
                "duty:periods",
            )
        else:
            done = _save(
                request,
                form,
                lambda: services.period_update(period=period, acting_user=user, **data),
                f"特护期“{data['name']}”已修改。",
                "duty:periods",
            )
        if done is not None:
            return done
    return render(
        request,
        "duty/period_form.html",
        {"form": form, "period": period, "owner": owner},
        status=400 if form.errors else 200,
    )


@page
def period_new(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    _may_create(user, SpecialPeriod(unit=user.unit))
    return _period_form(request, None)


@page
def period_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    period = get_visible(SpecialPeriod.objects.select_related("unit"), user, pk=pk)
    _may_create(user, period)
    return _period_form(request, period)
