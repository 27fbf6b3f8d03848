"""Thin HTML views: the candidates fragment for the registration form, a case's links fragment,
link and unlink, and the hot-issue page."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from huajie.common.api_fields import MAX_ID
from huajie.common.errors import ApplicationError
from huajie.common.scoping import get_visible
from huajie.orgs.models import Region, User
from huajie.petitions.models import Petition
from huajie.petitions.selectors import region_prefix

from . import selectors, services
from .forms import HotFilterForm, LinkForm, previous_label
from .models import LinkKind
from .services.links import LINK_ROLES
from .templatetags.similarity_ui import case_url

MAX_ID_FIELDS = 20


def _is_key(value: str) -> bool:
    """A record key the database can hold (ASCII digits, within its integer range)."""
    return value.isascii() and value.isdigit() and int(value) <= MAX_ID


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _id_numbers(data: QueryDict) -> list[str]:
    """ID numbers from `id=` values or from the registration formset (`p-0-id_number` …)."""
    values = data.getlist("id")
    values += [v for key in data if key.endswith("id_number") for v in data.getlist(key)]
    return [v for v in values if v.strip()][:MAX_ID_FIELDS]


@login_required
@require_http_methods(["GET", "POST"])
def candidates(request: HttpRequest) -> HttpResponse:
    """The `_candidates.html` fragment. POST (hx-post with the form's CSRF token) is the way to
    send ID numbers and long contents; a GET ignores `id` so that no ID number ends up in a URL,
    a browser history or an access log."""
    data = request.POST if request.method == "POST" else request.GET
    exclude = data.get("exclude", "")
    title, content = data.get("title", ""), data.get("content", "")
    found = selectors.duplicate_candidates(
        user=_user(request),
        title=title,
        content=content,
        id_numbers=_id_numbers(data) if request.method == "POST" else [],
        # A key past the database's integer range is no case: nothing to leave out.
        exclude_pk=int(exclude) if _is_key(exclude) else None,
    )
    context = {"candidates": found, "asked": bool(title.strip() or content.strip())}
    return render(request, "similarity/_candidates.html", context)


def _links_context(
    request: HttpRequest, petition: Petition, form: LinkForm | None = None, error: str = ""
) -> dict[str, Any]:
    user = _user(request)
    return {
        "petition": petition,
        "error": error,
        "links": selectors.links_for_user(user=user, petition=petition),
        "candidates": selectors.candidates_for_petition(user=user, petition=petition),
        "form": form or LinkForm(),
        "may_link": user.has_role(*LINK_ROLES),
        "kinds": LinkKind,
    }


def _visible_petition(request: HttpRequest, pk: int) -> Petition:
    return get_visible(Petition.objects.select_related("unit"), _user(request), pk=pk)


@login_required
@require_GET
def links(request: HttpRequest, pk: int) -> HttpResponse:
    """The `_links.html` fragment of a case page."""
    try:
        petition = _visible_petition(request, pk)
    except ApplicationError as exc:
        return HttpResponse(exc.message, status=exc.status)
    return render(request, "similarity/_links.html", _links_context(request, petition))


def _after_write(
    request: HttpRequest, petition: Petition, form: LinkForm | None = None, error: str = ""
) -> HttpResponse:
    if request.headers.get("HX-Request"):
        context = _links_context(request, petition, form, error)
        return render(request, "similarity/_links.html", context)
    problems = [error] if error else []
    problems += [str(e) for errors in (form.errors.values() if form else []) for e in errors]
    for problem in problems:
        messages.error(request, problem)
    if not problems:
        messages.success(request, "已保存。")
    return redirect(case_url(petition.pk) or "similarity:hot")


@login_required
@require_POST
def link(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    try:
        petition = _visible_petition(request, pk)
    except ApplicationError as exc:
        return HttpResponse(exc.message, status=exc.status)
    form = LinkForm(request.POST)
    if form.is_valid():
        try:
            other = selectors.petition_by_reg_no_for_user(
                user=user, reg_no=form.cleaned_data["reg_no"]
            )
            services.petition_link(
                petition=petition,
                other=other,
                kind=form.cleaned_data["kind"],
                note=form.cleaned_data["note"],
                acting_user=user,
            )
        except ApplicationError as exc:
            form.add_error("reg_no" if exc.field in (None, "other") else None, exc.message)
        else:
            form = LinkForm()
    return _after_write(request, petition, form)


@login_required
@require_POST
def unlink(request: HttpRequest, pk: int, other_pk: int) -> HttpResponse:
    user = _user(request)
    try:
        petition = _visible_petition(request, pk)
    except ApplicationError as exc:
        return HttpResponse(exc.message, status=exc.status)
    error = ""
    try:
        other = _visible_petition(request, other_pk)
        services.petition_unlink(petition=petition, other=other, acting_user=user)
    except ApplicationError as exc:
        error = exc.message
    return _after_write(request, petition, error=error)


def _regions_for(user: User) -> list[Region]:
    """Regions offered in the filter: those under the user's unit's region (or all counties and
    towns for a user whose unit has none), at most 300."""
    qs = Region.objects.filter(level__in=["county", "town"])
    unit = user.unit
    if unit is not None and unit.region_id:
        qs = Region.objects.filter(code__startswith=region_prefix(unit.region_id))
    return list(qs.order_by("code")[:300])


@login_required
@require_GET
def hot(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = HotFilterForm(request.GET or None, regions=_regions_for(user))
    today = timezone.localdate()
    window = form.window(today)
    region = form.cleaned_data.get("region", "") if form.is_bound and form.is_valid() else ""
    result = selectors.hot_issues_for_user(
        user=user, window=window, region=region, top_n=form.top_n()
    )
    context = {
        "form": form,
        "result": result,
        "previous_label": previous_label(window),
        "days_choices": [7, 30, 90, 365],
        "selected_days": window.days if window.end == today else None,
    }
    return render(request, "similarity/hot.html", context)
