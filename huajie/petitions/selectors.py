"""Permission-scoped reads of petitions: ledger, case page, queues, due-soon and overdue lists.

"Due soon" and "overdue" are computed here from the stored due dates and today; they are never
stored. Queries per page are constant: related rows are joined, the next due date is a subquery.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from huajie.common.scoping import get_visible, visible_to
from huajie.orgs.models import User

from .models import (
    PETITIONER_WINDOWS,
    Category,
    Petition,
    PetitionClock,
    PetitionEvent,
    PetitionParty,
)
from .search import keyword_filter
from .states import OPEN_STATUSES, Status

DUE_SOON_DAYS = 3


def _open_staff_clocks() -> QuerySet[PetitionClock]:
    return PetitionClock.objects.filter(
        petition=OuterRef("pk"), stopped_on__isnull=True, due__isnull=False
    ).exclude(kind__in=PETITIONER_WINDOWS)


def with_next_due(qs: QuerySet[Petition]) -> QuerySet[Petition]:
    nearest = _open_staff_clocks().order_by("due").values("due")[:1]
    return qs.annotate(next_due=Subquery(nearest))


def clock_state(due: date | None, today: date) -> str:
    """'overdue', 'due_soon', 'on_time' or '' (no running clock)."""
    if due is None:
        return ""
    if due < today:
        return "overdue"
    if due <= today + timedelta(days=DUE_SOON_DAYS):
        return "due_soon"
    return "on_time"


@dataclass
class LedgerFilters:
    status: str = ""
    unit: int | None = None
    petition_class: str = ""
    category: int | None = None
    region: str = ""
    channel: str = ""
    clock: str = ""
    date_from: date | None = None
    date_to: date | None = None
    q: str = ""
    sort: str = "-received_on"


SORTS = {
    "received_on": ("received_on", "id"),
    "-received_on": ("-received_on", "-id"),
    "reg_no": ("reg_no",),
    "-reg_no": ("-reg_no",),
    "next_due": ("next_due", "id"),
    "-next_due": ("-next_due", "-id"),
    "status": ("status", "-received_on"),
}


def region_prefix(code: str) -> str:
    """The significant digits of a 12-digit division code: 439901000000 → 439901."""
    for width in (2, 4, 6, 9):
        if code[width:] == "0" * (12 - width):
            return code[:width]
    return code


def petition_base_for_user(*, user: User) -> QuerySet[Petition]:
    return visible_to(Petition.objects.all(), user)


def petition_list_for_user(
    *, user: User, filters: LedgerFilters | None = None, today: date | None = None
) -> QuerySet[Petition]:
    f = filters or LedgerFilters()
    today = today or timezone.localdate()
    qs = with_next_due(
        petition_base_for_user(user=user).select_related(
            "unit", "handling_unit", "category", "region", "handler", "responsible_leader"
        )
    )
    if f.status:
        qs = qs.filter(status=f.status)
    if f.unit:
        qs = qs.filter(Q(unit_id=f.unit) | Q(handling_unit_id=f.unit))
    if f.petition_class:
        qs = qs.filter(petition_class=f.petition_class)
    if f.category:
        qs = qs.filter(
            Q(category_id=f.category)
            | Q(category__parent_id=f.category)
            | Q(category__parent__parent_id=f.category)
        )
    if f.region:
        qs = qs.filter(region_id__startswith=region_prefix(f.region))
    if f.channel:
        qs = qs.filter(channel=f.channel)
    if f.date_from:
        qs = qs.filter(received_on__gte=f.date_from)
    if f.date_to:
        qs = qs.filter(received_on__lte=f.date_to)
    if f.q.strip():
        qs = keyword_filter(qs, f.q)
    if f.clock:
        qs = _clock_filter(qs, f.clock, today)
    return qs.order_by(*SORTS.get(f.sort, SORTS["-received_on"]))


def _clock_filter(qs: QuerySet[Petition], state: str, today: date) -> QuerySet[Petition]:
    clocks = _open_staff_clocks()
    soon = today + timedelta(days=DUE_SOON_DAYS)
    if state == "overdue":
        return qs.filter(Exists(clocks.filter(due__lt=today)))
    if state == "due_soon":
        return qs.filter(Exists(clocks.filter(due__gte=today, due__lte=soon))).exclude(
            Exists(clocks.filter(due__lt=today))
        )
    if state == "on_time":
        return qs.filter(Exists(clocks)).exclude(Exists(clocks.filter(due__lte=soon)))
    if state == "closed_on_time":
        late = PetitionClock.objects.filter(petition=OuterRef("pk"), outcome="late")
        return qs.filter(status__in=[Status.CLOSED, Status.ARCHIVED]).exclude(Exists(late))
    if state == "closed_late":
        late = PetitionClock.objects.filter(petition=OuterRef("pk"), outcome="late")
        return qs.filter(status__in=[Status.CLOSED, Status.ARCHIVED]).filter(Exists(late))
    return qs


def petition_get_for_user(*, user: User, pk: int) -> Petition:
    """The case page: one petition with everything it shows, or not-found."""
    parties = PetitionParty.objects.select_related("petitioner").order_by("order", "id")
    events = PetitionEvent.objects.select_related("actor").order_by("at", "id")
    qs = with_next_due(
        Petition.objects.select_related(
            "unit",
            "handling_unit",
            "category",
            "region",
            "handler",
            "responsible_leader",
            "registered_by",
        ).prefetch_related(
            Prefetch("parties", queryset=parties),
            Prefetch("events", queryset=events),
            "clocks",
            "reviews__reviewing_unit",
            "visits__visited_by",
            "attachments",
            "supervisions__issued_by",
        )
    )
    return get_visible(qs, user, pk=pk)


def my_work_for_user(*, user: User) -> QuerySet[Petition]:
    """The queue of what this user should act on next."""
    qs = petition_list_for_user(user=user)
    unit = user.unit
    mine = Q(handler=user, status__in=[Status.ASSIGNED, Status.HANDLING])
    mine |= Q(responsible_leader=user, status__in=OPEN_STATUSES)
    if unit is not None and user.has_role("clerk", "leader"):
        mine |= Q(
            unit=unit,
            status__in=[
                Status.REGISTERED,
                Status.ACCEPTED,
                Status.REPLIED,
                Status.EVALUATED,
                Status.UNDER_REVIEW,
                Status.UNDER_REREVIEW,
            ],
        )
        mine |= Q(handling_unit=unit, status__in=[Status.TRANSFERRED, Status.ASSIGNED])
    return qs.filter(mine).order_by("next_due", "-received_on")  # type: ignore[misc]


def categories_tree() -> list[Category]:
    return list(Category.objects.filter(is_active=True).select_related("parent"))
