"""The ledger (台账), the per-user queue (我的待办) and the due-soon/overdue list (期限预警)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from huajie.common.counting import is_estimated_count

from .. import search, selectors
from ..forms import LedgerFilterForm, ledger_params, ledger_query_string
from ..models import Petition
from .common import acting_user, may_register
from .presenters import Row, rows_for

SUPERVISION_PAGE_SIZE = 50


def _page(request: HttpRequest, qs: QuerySet[Petition], per_page: int) -> tuple[Page, list[Row]]:
    """One COUNT and one SELECT for the page, one query for the page's clocks."""
    page = Paginator(qs.prefetch_related("clocks"), per_page).get_page(request.GET.get("page"))
    today = timezone.localdate()
    return page, rows_for(list(page.object_list), start=page.start_index(), today=today)


EXPIRED = (
    "此前按身份证号或电话号码检索的条件已过期（为保护个人信息，号码不写进网址）。请重新输入后查询。"
)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The ledger. Its filter form is posted and answered with a redirect to the filters' own
    address, where a personal keyword stands as a session token (forms/ledger.py)."""
    if request.method == "POST":
        query = ledger_query_string(request, request.POST)
        return redirect(f"{reverse('petitions:index')}?{query}" if query else "petitions:index")
    user = acting_user(request)
    params = ledger_params(request)
    form = LedgerFilterForm(params or None)
    filters = form.filters()
    qs = selectors.petition_list_for_user(user=user, filters=filters)
    page, rows = _page(request, qs, form.page_size())
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "search_hint": search.hint(filters.q),
        "search_expired": EXPIRED if getattr(params, "expired", False) else "",
        "sort": filters.sort,
        "filtered": form.active_count > 0,
        "estimated": is_estimated_count(page.paginator.object_list),
        "may_register": may_register(user),
    }
    return render(request, "petitions/ledger.html", context)


MY_CLOCKS = {"overdue": "已超期", "due_soon": "即将到期", "on_time": "期限内"}


@login_required
def my_work(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    clock = request.GET.get("clock", "")
    clock = clock if clock in MY_CLOCKS else ""
    page, rows = _page(request, selectors.my_work_for_user(user=user, clock=clock), 50)
    context = {
        "page": page,
        "rows": rows,
        "may_register": may_register(user),
        "clock": clock,
        "clock_label": MY_CLOCKS.get(clock, ""),
    }
    return render(request, "petitions/my_work.html", context)


SUPERVISION_STATES = {"overdue": "已超期", "due_soon": "即将到期"}
GROUPINGS = {"unit": "按承办单位", "leader": "按包案领导"}


@login_required
def supervision(request: HttpRequest) -> HttpResponse:
    """Cases whose nearest staff deadline is past or within three days, grouped with counts."""
    user = acting_user(request)
    today = timezone.localdate()
    state = request.GET.get("clock", "")
    state = state if state in SUPERVISION_STATES else ""
    group = request.GET.get("group", "unit")
    group = group if group in GROUPINGS else "unit"
    summary = selectors.supervision_summary_for_user(user=user, today=today)
    listed = selectors.SupervisionList(user=user, summary=summary, state=state, group=group)
    page = Paginator(listed, SUPERVISION_PAGE_SIZE).get_page(request.GET.get("page"))  # type: ignore[arg-type,var-annotated]
    rows = rows_for(list(page.object_list), start=page.start_index(), today=today)
    context = {
        "state": state,
        "states": SUPERVISION_STATES,
        "group": group,
        "groupings": GROUPINGS,
        "summary": summary,
        "page": page,
        "rows": rows,
        "today": today,
    }
    return render(request, "petitions/supervision.html", context)
