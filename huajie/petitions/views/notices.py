"""消息通知: the user's own notices, newest first; opening one marks it read."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from ..notifications import notification_list_for_user, notifications_mark_read
from .common import acting_user


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    page = Paginator(notification_list_for_user(user=user), 50).get_page(request.GET.get("page"))
    return render(request, "petitions/notifications.html", {"page": page, "rows": page.object_list})


@login_required
@require_POST
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    notice = notification_list_for_user(user=user).filter(pk=pk).first()
    notifications_mark_read(user=user, pk=pk)
    if notice is not None and notice.petition_id:
        return redirect("petitions:detail", pk=notice.petition_id)
    return redirect("petitions:notifications")


@login_required
@require_POST
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    notifications_mark_read(user=acting_user(request))
    return redirect("petitions:notifications")
