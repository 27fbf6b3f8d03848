"""The duty log: the list, a new entry, an entry's page with its hand-off buttons."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from huajie.common.errors import ApplicationError, PermissionDenied
from huajie.common.identity import mask_phone
from huajie.common.scoping import can_write

from .. import selectors
from ..forms import LogEntryForm
from ..models import DutyLogEntry, LogStatus
from ..services import log as services
from .common import acting_user, page, run


@page
def log_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    qs = selectors.entries_for_user(user=user)
    show = request.GET.get("show", "")
    if show == "open":
        qs = qs.filter(status=LogStatus.OPEN)
    elif show == "today":
        qs = qs.filter(received_at__date=timezone.localdate())
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(
        request, "duty/log_list.html", {"page": page, "show": show, "count": page.paginator.count}
    )


@page
def log_new(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    if user.unit is None or not can_write(user, DutyLogEntry(unit=user.unit)):
        raise PermissionDenied("只有值班人员和领导可以登记值班记录。")
    form = LogEntryForm(
        request.POST or None,
        initial={"received_at": timezone.localtime().replace(second=0, microsecond=0)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.entry_create(unit=user.unit, acting_user=user, **form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "值班记录已登记。")
            return redirect("duty:log_detail", pk=entry.pk)
    return render(request, "duty/log_new.html", {"form": form}, status=400 if form.errors else 200)


@page
def log_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    entry = selectors.entry_get(user=user, pk=pk)
    back = reverse("duty:log_detail", args=[pk])
    if request.method == "POST":
        action_taken = request.POST.get("action_taken", "")
        if request.POST.get("do") == "close":
            return run(
                request,
                lambda: services.entry_close(
                    entry=entry, action_taken=action_taken, acting_user=user
                ),
                "已办结。",
                back,
            )
        told = request.POST.get("told", "")
        return run(
            request,
            lambda: services.entry_update(
                entry=entry, action_taken=action_taken, told=told, acting_user=user
            ),
            "已保存。",
            back,
        )
    context = {
        "entry": entry,
        "phone": mask_phone(entry.caller_phone) if entry.caller_phone else "",
        "buttons": services.hand_off_buttons(entry=entry, user=user)
        if can_write(user, entry)
        else [],
        "events": entry.events.select_related("actor").order_by("at", "id"),
        "writable": can_write(user, entry),
    }
    return render(request, "duty/log_detail.html", context)


@require_POST
@page
def log_close(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    entry = selectors.entry_get(user=user, pk=pk)
    back = request.POST.get("next") or reverse("duty:log_detail", args=[pk])
    if not back.startswith("/"):
        back = reverse("duty:log_detail", args=[pk])
    return run(
        request,
        lambda: services.entry_close(
            entry=entry, action_taken=request.POST.get("action_taken", ""), acting_user=user
        ),
        "已办结。",
        back,
    )
