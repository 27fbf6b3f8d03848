"""消息通知: the user's own notices, newest first; opening one marks it read and goes to its page;
a notice that asks for it has a 收到 button."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from huajie.common.errors import ApplicationError, NotFound
from huajie.orgs.models import User

from . import selectors, services
from .models import Notice

PAGE_SIZE = 50


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _get(user: User, pk: int) -> Notice:
    try:
        return selectors.notice_get_for_user(user=user, pk=pk)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _list_url(request: HttpRequest, anchor: int | None = None) -> str:
    url = reverse("notices:list")
    if request.POST.get("show") == "unread":
        url += "?show=unread"
    return url + (f"#notice-{anchor}" if anchor else "")


@login_required
def notice_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    unread_only = request.GET.get("show") == "unread"
    qs = selectors.notice_list_for_user(user=user, unread_only=unread_only)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "rows": page.object_list, "unread_only": unread_only}
    return render(request, "notices/notice_list.html", context)


@login_required
@require_POST
def notice_open(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    notice = _get(user, pk)
    services.notices_mark_read(user=user, pk=notice.pk)
    safe = url_has_allowed_host_and_scheme(
        notice.url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return redirect(notice.url if notice.url and safe else _list_url(request, notice.pk))


@login_required
@require_POST
def notices_read_all(request: HttpRequest) -> HttpResponse:
    services.notices_mark_read(user=_user(request))
    return redirect(_list_url(request))


@login_required
@require_POST
def notice_ack(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    notice = _get(user, pk)
    try:
        notice = services.notice_acknowledge(notice=notice, acting_user=user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        late = "（已超过确认时限）" if notice.ack_on_time is False else ""
        messages.success(request, f"已确认收到{late}。")
    return redirect(_list_url(request, notice.pk))
