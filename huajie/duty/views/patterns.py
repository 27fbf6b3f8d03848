"""Shift patterns (班次模式): the unit's 24-hour, day/night and custom cuts of a day, which the
roster screen's generation then uses. The service checks the shifts together; a refusal comes
back above the form."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from huajie.common.errors import ApplicationError, PermissionDenied
from huajie.common.scoping import can_write

from .. import selectors
from ..forms import ShiftPatternForm
from ..models import ShiftPattern
from ..services import roster as services
from ..services.calendar import parse_hhmm
from .common import acting_user, page


def describe(shifts: list[dict[str, Any]]) -> str:
    """ "白班 08:30–18:30；夜班 18:30–次日08:30"."""
    parts = []
    for shift in shifts:
        start = parse_hhmm(shift["start"])
        begin = start.hour * 60 + start.minute
        end = begin + int(shift["minutes"])
        nxt = _("next day ") if end > 1440 else ""
        parts.append(f"{shift['label']} {start:%H:%M}–{nxt}{end % 1440 // 60:02d}:{end % 60:02d}")
    return "；".join(parts)


@page
def patterns(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    writable = user.unit is not None and can_write(user, ShiftPattern(unit=user.unit))
    form = ShiftPatternForm(request.POST or None)
    if request.method == "POST":
        if not writable or user.unit is None:
            raise PermissionDenied(
                "只有本单位领导、值班人员或管理员可以设置班次模式。如需设置，请联系本单位领导。"
            )
        if form.is_valid():
            try:
                pattern = services.pattern_create(
                    unit=user.unit,
                    name=form.cleaned_data["name"],
                    kind=form.cleaned_data["kind"],
                    shifts=form.cleaned_data["shifts"],
                    acting_user=user,
                )
            except ApplicationError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(
                    request,
                    _("Shift pattern “%(name)s” saved; choose it when generating a roster.")
                    % {"name": pattern.name},
                )
                return redirect("duty:patterns")
    context = {
        "patterns": [(p, describe(p.shifts)) for p in selectors.patterns_for_unit(user=user)],
        "form": form,
        "writable": writable,
    }
    return render(request, "duty/patterns.html", context)
