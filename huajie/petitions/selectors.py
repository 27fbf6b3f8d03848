"""Permission-scoped reads of petitions: ledger, case page, queues, due-soon and overdue lists.

"Due soon" and "overdue" are computed here from the stored due dates and today; they are never
stored. Queries per page are constant: related rows are joined, the next due date is a subquery.

At a million cases (docs/performance.md): a ledger page is an index walk in date order that stops
after the page, and its count is exact up to `COUNT_EXACT_UP_TO` rows and PostgreSQL's planner
estimate beyond (`LedgerQuerySet.count`), so no page counts a million rows.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import connections, models
from django.db.models import DateField, Lookup, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from huajie.common.scoping import get_visible, visible_to
from huajie.orgs.models import User

from .models import (
    PETITIONER_WINDOWS,
    Attachment,
    Category,
    Petition,
    PetitionClock,
    PetitionEvent,
    PetitionParty,
)
from .search import keyword_filter
from .states import OPEN_STATUSES, Status

DUE_SOON_DAYS = 3
COUNT_EXACT_UP_TO = 5_000
DEFERRED_JOIN_FROM = 500


class LedgerQuerySet(QuerySet[Petition]):
    """A ledger whose `count()` never scans a huge result (Django's Paginator and DRF's page
    pagination both call it on every page).

    On PostgreSQL the planner's row estimate comes first (an EXPLAIN, about a millisecond): above
    `COUNT_EXACT_UP_TO` rows the estimate is the count — "about 730,000" is what a person needs
    from a count that large, and the last pages stay reachable by number — and below it the
    count is exact. Other databases count exactly. `is_estimated_count(qs)` tells a view to say
    "约". (A count capped with LIMIT was tried first: the LIMIT steers the planner to merge joins
    that walk the whole ledger, e.g. 180 ms for the overdue filter at 100k cases.)
    """

    _count_estimated = False

    def _fetch_all(self) -> None:
        """A deep page (OFFSET ≥ `DEFERRED_JOIN_FROM`) first finds its 25 keys by walking the
        index with the filters alone, then loads those rows with their joins and the next-due
        subquery — instead of joining and computing them for every skipped row."""
        if (
            self._result_cache is None
            and self.query.is_sliced
            and self.query.low_mark >= DEFERRED_JOIN_FROM
        ):
            low, high = self.query.low_mark, self.query.high_mark
            whole = self._chain()  # type: ignore[attr-defined]
            whole.query.clear_limits()
            keys = whole.values("pk")[low:high]
            self._result_cache = list(whole.filter(pk__in=keys))
            self._prefetch_done = True  # done by the inner fetch
        super()._fetch_all()

    def count(self) -> int:
        if (
            self._result_cache is not None
            or self.query.is_sliced
            or connections[self.db].vendor != "postgresql"
        ):
            return super().count()
        estimate = _planner_rows(self)
        if estimate > COUNT_EXACT_UP_TO:
            self._count_estimated = True
            return estimate
        return super().count()


def _planner_rows(qs: QuerySet[Petition]) -> int:
    sql, params = qs.order_by().values("pk").query.sql_with_params()
    with connections[qs.db].cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return int(plan[0]["Plan"]["Plan Rows"])


def is_estimated_count(qs: object) -> bool:
    """True when the last `count()` of this ledger queryset was the planner's estimate."""
    return bool(getattr(qs, "_count_estimated", False))


def _open_staff_clocks() -> QuerySet[PetitionClock]:
    return PetitionClock.objects.filter(
        petition=OuterRef("pk"), stopped_on__isnull=True, due__isnull=False
    ).exclude(kind__in=PETITIONER_WINDOWS)


class NextDueField(models.DateField):
    """The output type of `next_due`: comparisons with a date are answered from the running
    clocks (see `_NextDueCompare`), not by computing the subquery for every case."""


class NextDue(Subquery):
    """The nearest due date of a case's running staff clocks (None if none runs)."""

    case_pk: Any = None  # the outer case's primary key column, set when resolved in a query

    def __init__(self) -> None:
        nearest = _open_staff_clocks().order_by("due").values("due")[:1]
        super().__init__(nearest, output_field=NextDueField())

    def resolve_expression(self, query: Any = None, *args: Any, **kwargs: Any) -> Any:
        resolved = super().resolve_expression(query, *args, **kwargs)
        resolved.case_pk = query.resolve_ref("pk") if query is not None else None
        return resolved


class _NextDueCompare(Lookup):
    """`next_due <op> day` as set membership on the partial index of running clocks:
    next_due ≤ d ⟺ some running clock is due ≤ d; next_due ≥ d ⟺ one runs and none is due
    before d. Equivalent to comparing the subquery, but it reads the (few) running clocks
    instead of computing the subquery for every case of the ledger — the overdue dashboard
    counts "next_due < today" over the whole ledger. Anything else falls back to the plain
    comparison."""

    below: str = ""  # the clocks whose existence makes the comparison true ("lt" / "lte")
    not_below: str = ""  # the clocks whose existence makes it false

    def as_sql(self, compiler: Any, connection: Any) -> Any:
        case_pk = getattr(self.lhs, "case_pk", None)
        if case_pk is None or not isinstance(self.rhs, date):
            return self._fallback(compiler, connection)
        pk_sql, pk_params = compiler.compile(case_pk)
        parts: list[str] = []
        params: list[Any] = []
        for op, negate in ((self.below, False), (self.not_below, True)):
            if not op:
                continue
            clocks = _running() if op == "any" else _running(**{f"due__{op}": self.rhs})
            sub_sql, sub_params = clocks.query.get_compiler(connection=connection).as_sql()
            parts.append(f"{pk_sql} {'NOT IN' if negate else 'IN'} ({sub_sql})")
            params += [*pk_params, *sub_params]
        return "(" + " AND ".join(parts) + ")", params

    def _fallback(self, compiler: Any, connection: Any) -> Any:
        plain: Any = DateField().get_lookup(str(self.lookup_name))
        return plain(self.lhs, self.rhs).as_sql(compiler, connection)


@NextDueField.register_lookup
class _NextDueLt(_NextDueCompare):
    lookup_name, below = "lt", "lt"


@NextDueField.register_lookup
class _NextDueLte(_NextDueCompare):
    lookup_name, below = "lte", "lte"


@NextDueField.register_lookup
class _NextDueGte(_NextDueCompare):
    lookup_name, below, not_below = "gte", "any", "lt"


@NextDueField.register_lookup
class _NextDueGt(_NextDueCompare):
    lookup_name, below, not_below = "gt", "any", "lte"


def with_next_due(qs: QuerySet[Petition]) -> QuerySet[Petition]:
    return qs.annotate(next_due=NextDue())


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


def _ledger(qs: QuerySet[Petition]) -> LedgerQuerySet:
    """The same query as a LedgerQuerySet (capped count); the search words are never shown."""
    return LedgerQuerySet(model=Petition, query=qs.query.chain(), using=qs.db).defer(
        "search_tokens"
    )


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
        subtree = Category.objects.filter(
            Q(pk=f.category) | Q(parent_id=f.category) | Q(parent__parent_id=f.category)
        ).values("pk")
        qs = qs.filter(category_id__in=subtree)
    if f.region:
        qs = qs.filter(region__code__startswith=region_prefix(f.region))
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
    return _ledger(qs.order_by(*SORTS.get(f.sort, SORTS["-received_on"])))


def _running(**due: date) -> QuerySet[PetitionClock, Any]:
    """Petition keys with a running staff clock (optionally due in a range): read from the
    partial index `clock_running_due`, so the size of the answer, not of the ledger, is the cost."""
    return (
        PetitionClock.objects.filter(stopped_on__isnull=True, due__isnull=False, **due)
        .exclude(kind__in=sorted(PETITIONER_WINDOWS))
        .order_by()
        .values("petition_id")
    )


def _clock_filter(qs: QuerySet[Petition], state: str, today: date) -> QuerySet[Petition]:
    soon = today + timedelta(days=DUE_SOON_DAYS)
    if state == "overdue":
        return qs.filter(pk__in=_running(due__lt=today))
    if state == "due_soon":
        return qs.filter(pk__in=_running(due__gte=today, due__lte=soon)).exclude(
            pk__in=_running(due__lt=today)
        )
    if state == "on_time":
        return qs.filter(pk__in=_running()).exclude(pk__in=_running(due__lte=soon))
    if state in ("closed_on_time", "closed_late"):
        late = PetitionClock.objects.filter(outcome="late").values("petition_id")
        closed = qs.filter(status__in=[Status.CLOSED, Status.ARCHIVED])
        return closed.filter(pk__in=late) if state == "closed_late" else closed.exclude(pk__in=late)
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
            Prefetch("attachments", queryset=Attachment.objects.select_related("uploaded_by")),
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
