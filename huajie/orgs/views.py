"""Organisation pages: the unit tree and the leading/work groups this user may see."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from . import selectors

MAX_INDENT = 7


@login_required
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    units = list(selectors.unit_list_for_user(user=user))  # type: ignore[arg-type]
    groups = list(selectors.workgroup_list_for_user(user=user))  # type: ignore[arg-type]
    base_depth = min((u.depth for u in units), default=0)
    for unit in units:  # the indent classes (app.css hj-indent-1…8) stop at the eighth level
        unit.indent = min(unit.depth - base_depth, MAX_INDENT)  # type: ignore[attr-defined]
    return render(request, "orgs/index.html", {"units": units, "groups": groups})
