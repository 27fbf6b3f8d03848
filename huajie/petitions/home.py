"""What the petitions cards on the home page show of a person's own work (`Card(live=...)` in
petitions/navigation.py): live counts and the first few cases, for the clerk, the handler and
the leader. Each card is two queries: one aggregate for the counts, one for the first items.
Read through the same permission scoping as the ledger; history imported as closed records has
no running clock, so it never counts here.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from urllib.parse import urlencode

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from huajie.accounts.navigation import Live, LiveCount, LiveItem
from huajie.orgs.models import User

from .clocks import ClockKind
from .models import EventKind, Petition, PetitionClock, PetitionEvent
from .selectors import DUE_SOON_DAYS, clock_state, petition_base_for_user
from .states import OPEN_STATUSES, Status

FIRST_ITEMS = 5
# A leader decides an extension before the limit expires (Art.34): cases whose handling limit
# ends within this many days and has not been extended are his 延期 queue.
EXTENSION_NOTICE_DAYS = 7
IN_HAND = (Status.ASSIGNED, Status.HANDLING)
TO_ROUTE = (Status.REGISTERED, Status.TRANSFERRED, Status.ACCEPTED)
ROUTE_STEP: dict[str, str] = {
    Status.REGISTERED: "待受理或转送",
    Status.TRANSFERRED: "待接收",
    Status.ACCEPTED: "待交办",
}
STATE_TONE = {"overdue": "danger", "due_soon": "warning", "on_time": "success"}


def _url(route: str, **query: str) -> str:
    url = reverse(route)
    return f"{url}?{urlencode(query)}" if query else url


def _badge(due: date | None, today: date) -> tuple[str, str]:
    """ "已超期 3 天" / "今日到期" / "剩 5 天" and its tone, from the nearest due date."""
    state = clock_state(due, today)
    if due is None:
        return "", ""
    left = (due - today).days
    if left < 0:
        text = f"已超期 {-left} 天"
    elif left == 0:
        text = "今日到期"
    else:
        text = f"剩 {left} 天"
    return text, STATE_TONE.get(state, "")


def _items(
    qs: QuerySet[Petition], today: date, meta: dict[str, str] | None = None
) -> tuple[LiveItem, ...]:
    rows = qs.only("pk", "reg_no", "title", "status", "next_due")[:FIRST_ITEMS]
    items = []
    for p in rows:
        badge, tone = _badge(p.next_due, today)
        step = (meta or {}).get(p.status) or p.get_status_display()
        items.append(
            LiveItem(
                title=p.title,
                url=reverse("petitions:detail", args=[p.pk]),
                meta=f"{p.reg_no} · {step}",
                badge=badge,
                tone=tone,
            )
        )
    return tuple(items)


def _by_clock(qs: QuerySet[Petition], today: date) -> dict[str, int]:
    soon = today + timedelta(days=DUE_SOON_DAYS)
    return qs.order_by().aggregate(
        total=Count("pk"),
        overdue=Count("pk", filter=Q(next_due__lt=today)),
        due_soon=Count("pk", filter=Q(next_due__gte=today, next_due__lte=soon)),
        on_time=Count("pk", filter=Q(next_due__gt=soon)),
    )


def _due_order(qs: QuerySet[Petition]) -> QuerySet[Petition]:
    return qs.order_by(F("next_due").asc(nulls_last=True), "-received_on", "-id")


def handler_live(user: User, today: date | None = None) -> Live:
    """承办人: the cases assigned to him by clock state, nearest due first."""
    today = today or timezone.localdate()
    mine = petition_base_for_user(user=user).filter(handler=user, status__in=IN_HAND)
    n = _by_clock(mine, today)
    return Live(
        counts=(
            LiveCount("已超期", n["overdue"], _url("petitions:my", clock="overdue"), "danger"),
            LiveCount("即将到期", n["due_soon"], _url("petitions:my", clock="due_soon"), "warning"),
            LiveCount("期限内", n["on_time"], _url("petitions:my", clock="on_time"), "success"),
        ),
        items=_items(_due_order(mine), today),
        more_url=_url("petitions:my") if n["total"] > FIRST_ITEMS else None,
        more_label=f"全部 {n['total']} 件待办",
    )


def _extendable(today: date) -> QuerySet[PetitionClock]:
    return PetitionClock.objects.filter(
        petition=OuterRef("pk"),
        kind=ClockKind.HANDLING,
        stopped_on__isnull=True,
        extension_days=0,
        due__gte=today,
        due__lte=today + timedelta(days=EXTENSION_NOTICE_DAYS),
    )


def leader_live(user: User, today: date | None = None) -> Live:
    """包案领导: his open cases awaiting his 批示, those whose handling limit ends within a week
    without an extension (decide 延期 now or never), and the overdue ones, overdue first."""
    today = today or timezone.localdate()
    instructed = PetitionEvent.objects.filter(
        petition=OuterRef("pk"), kind=EventKind.INSTRUCTION, actor=user
    )
    mine = (
        petition_base_for_user(user=user)
        .filter(responsible_leader=user, status__in=OPEN_STATUSES)
        .annotate(instructed=Exists(instructed), extendable=Exists(_extendable(today)))
    )
    n = mine.order_by().aggregate(
        total=Count("pk"),
        instruct=Count("pk", filter=Q(instructed=False)),
        extend=Count("pk", filter=Q(extendable=True)),
        overdue=Count("pk", filter=Q(next_due__lt=today)),
    )
    return Live(
        counts=(
            LiveCount("已超期", n["overdue"], _url("petitions:my", clock="overdue"), "danger"),
            LiveCount("待延期决定", n["extend"], _url("petitions:my", clock="due_soon"), "warning"),
            LiveCount("待批示", n["instruct"], _url("petitions:my"), "primary"),
        ),
        items=_items(_due_order(mine), today),
        more_url=_url("petitions:my") if n["total"] > FIRST_ITEMS else None,
        more_label=f"全部 {n['total']} 件包案事项",
    )


def clerk_live(user: User, today: date | None = None) -> Live:
    """登记员: what he registered today and what his unit has to route (accept or transfer,
    take in from another unit, assign), oldest limit first."""
    today = today or timezone.localdate()
    start = timezone.make_aware(datetime.combine(today, time.min))
    base = petition_base_for_user(user=user)
    registered_today = base.filter(
        registered_by=user,
        is_history=False,
        created_at__gte=start,
        created_at__lt=start + timedelta(days=1),
    ).count()
    to_route = Q(pk__in=[])
    if user.unit_id is not None:
        to_route = Q(unit_id=user.unit_id, status__in=[Status.REGISTERED, Status.ACCEPTED]) | Q(
            handling_unit_id=user.unit_id, status=Status.TRANSFERRED
        )
    routing = base.filter(to_route)
    n = routing.order_by().aggregate(
        total=Count("pk"), overdue=Count("pk", filter=Q(next_due__lt=today))
    )
    return Live(
        counts=(
            LiveCount("今日登记", registered_today, _url("petitions:index"), "primary"),
            LiveCount("待分流", n["total"], _url("petitions:my"), "warning"),
            LiveCount("分流超期", n["overdue"], _url("petitions:my", clock="overdue"), "danger"),
        ),
        items=_items(_due_order(routing), today, ROUTE_STEP),
        more_url=_url("petitions:my") if n["total"] > FIRST_ITEMS else None,
        more_label=f"全部 {n['total']} 件待分流",
    )
