"""Permission-scoped reads of petitions: ledger, case page, queues, due-soon and overdue lists.

"Due soon" and "overdue" are computed here from the stored due dates and today; they are never
stored. Queries per page are constant: related rows are joined; the nearest due date of the running
clocks is the case's `next_due` column, kept by `services.clocks`.

At a million cases (docs/performance.md): a ledger page is an index walk in date order that stops
after the page, and its count is exact up to `COUNT_EXACT_UP_TO` rows and PostgreSQL's planner
estimate beyond (`common.counting`), so no page counts a million rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Case, Count, F, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.db.models.query import ModelIterable
from django.utils import timezone

from huajie.common.counting import EstimatedCountQuerySet, with_estimated_count
from huajie.common.scoping import get_visible, visible_to
from huajie.orgs.models import RoleCode, Unit, User

from .models import (
    Attachment,
    Category,
    Petition,
    PetitionClock,
    PetitionerEvent,
    PetitionEvent,
    PetitionParty,
)
from .search import keyword_filter
from .states import OPEN_STATUSES, Status

# What a ledger row and the case page show of related tables. PostgreSQL plans a query with
# more than four joins slowly (seven: ~7 ms of planning for a 0.3 ms lookup on this machine), so
# units, category and region are joined and the people are read with one query per role.
JOINED = ("unit", "handling_unit", "category", "region")
PEOPLE = ("handler", "responsible_leader")

DUE_SOON_DAYS = 3
DEFERRED_JOIN_FROM = 500


class LedgerQuerySet(EstimatedCountQuerySet[Petition]):
    """A ledger whose `count()` never scans a huge result (`common.counting`: the planner's
    estimate above `COUNT_EXACT_UP_TO` rows on PostgreSQL; `is_estimated_count(qs)` tells the
    view to say "约") and whose deep pages find their keys before joining."""

    def _fetch_all(self) -> None:
        """A deep page (OFFSET ≥ `DEFERRED_JOIN_FROM`) first finds its 25 keys by walking the
        index with the filters alone, then loads those rows with their joins — instead of joining
        them for every skipped row. A keyword search does the same at any depth: the planner
        cannot estimate how many cases a word matches (it guessed 6 for 5,500 and joined every
        match to five tables before sorting: 330 ms instead of 30 at 1M)."""
        if (
            self._result_cache is None
            and self.query.is_sliced
            and self._iterable_class is ModelIterable  # rows, not the inner values() of keys
            and (
                self.query.low_mark >= DEFERRED_JOIN_FROM
                or getattr(self.query, "keys_first", False)
            )
        ):
            low, high = self.query.low_mark, self.query.high_mark
            whole = self._chain()  # type: ignore[attr-defined]
            whole.query.clear_limits()
            # Two statements, not `pk IN (subquery)`: the keyword filter is raw SQL naming the
            # table, which inside a subquery would point at the outer query's row.
            keys = list(whole.values_list("pk", flat=True)[low:high])
            self._result_cache = list(whole.filter(pk__in=keys))
            self._prefetch_done = True  # done by the inner fetch
        super()._fetch_all()


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
    source: str = ""  # where it was registered from (common.timeline.EventSource): portal …
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
    # Cases without a running limit last either way; ascending is a walk of `petition_next_due`.
    "next_due": (F("next_due").asc(nulls_last=True), "id"),
    "-next_due": (F("next_due").desc(nulls_last=True), "-id"),
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


def _ledger(qs: QuerySet[Petition], *, keys_first: bool = False) -> LedgerQuerySet:
    """The same query as a LedgerQuerySet (capped count); the search words are never shown.
    `keys_first`: every page finds its keys before joining (see `LedgerQuerySet._fetch_all`)."""
    ledger = with_estimated_count(qs, LedgerQuerySet).defer("search_tokens")
    ledger.query.keys_first = keys_first  # type: ignore[attr-defined]  # copied by every clone
    return ledger


def petition_list_for_user(
    *, user: User, filters: LedgerFilters | None = None, today: date | None = None
) -> QuerySet[Petition]:
    f = filters or LedgerFilters()
    today = today or timezone.localdate()
    qs = petition_base_for_user(user=user).select_related(*JOINED).prefetch_related(*PEOPLE)
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
    if f.source:
        qs = qs.filter(source=f.source)
    if f.date_from:
        qs = qs.filter(received_on__gte=f.date_from)
    if f.date_to:
        qs = qs.filter(received_on__lte=f.date_to)
    if f.q.strip():
        qs = keyword_filter(qs, f.q)
    if f.clock:
        qs = _clock_filter(qs, f.clock, today)
    return _ledger(
        qs.order_by(*SORTS.get(f.sort, SORTS["-received_on"])), keys_first=bool(f.q.strip())
    )


def _clock_filter(qs: QuerySet[Petition], state: str, today: date) -> QuerySet[Petition]:
    soon = today + timedelta(days=DUE_SOON_DAYS)
    if state == "overdue":
        return qs.filter(next_due__lt=today)
    if state == "due_soon":
        return qs.filter(next_due__gte=today, next_due__lte=soon)
    if state == "on_time":
        return qs.filter(next_due__gt=soon)
    if state in ("closed_on_time", "closed_late"):
        late = PetitionClock.objects.filter(outcome="late").values("petition_id")
        # Imported history is no measure of this office's timeliness.
        closed = qs.filter(status__in=[Status.CLOSED, Status.ARCHIVED], is_history=False)
        return closed.filter(pk__in=late) if state == "closed_late" else closed.exclude(pk__in=late)
    return qs


def petition_get_for_user(*, user: User, pk: int) -> Petition:
    """The case page: one petition with everything it shows, or not-found."""
    history = PetitionerEvent.objects.select_related("actor").order_by("at", "id")
    parties = (
        PetitionParty.objects.select_related("petitioner")
        .prefetch_related(Prefetch("petitioner__history", queryset=history))
        .order_by("order", "id")
    )
    events = PetitionEvent.objects.select_related("actor").order_by("at", "id")
    qs = Petition.objects.select_related(*JOINED).prefetch_related(
        *PEOPLE,
        "registered_by",
        Prefetch("parties", queryset=parties),
        Prefetch("events", queryset=events),
        "clocks",
        "reviews__reviewing_unit",
        "visits__visited_by",
        Prefetch("attachments", queryset=Attachment.objects.select_related("uploaded_by")),
        "supervisions__issued_by",
    )
    return get_visible(qs, user, pk=pk)


def my_work_for_user(*, user: User, clock: str = "") -> QuerySet[Petition]:
    """The queue of what this user should act on next; `clock`: only the cases in that clock
    state (overdue, due_soon, on_time — the home cards' counts link here)."""
    qs = petition_list_for_user(user=user, filters=LedgerFilters(clock=clock))
    unit = user.unit
    mine = Q(handler=user, status__in=[Status.ASSIGNED, Status.HANDLING])
    mine |= Q(responsible_leader=user, status__in=OPEN_STATUSES)
    if unit is not None and user.has_role(RoleCode.CLERK, RoleCode.LEADER):
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
    return qs.filter(mine).order_by(F("next_due").asc(nulls_last=True), "-received_on")


def categories_tree() -> list[Category]:
    return list(Category.objects.filter(is_active=True).select_related("parent"))


# -- the overdue dashboard (期限预警) -------------------------------------------------------------
# Cases whose nearest staff limit is past or within `DUE_SOON_DAYS`: a range of the
# `petition_next_due` index (index-only on PostgreSQL). One aggregate query gives the counts by
# responsible unit and by leader; the list is paged from those counts, so no query sorts or
# counts every flagged case.


@dataclass
class SupervisionGroup:
    key: int | None  # unit id or leader id (None: no leader yet)
    name: str
    overdue: int = 0
    due_soon: int = 0

    def count(self, state: str) -> int:
        return getattr(self, state) if state else self.overdue + self.due_soon


@dataclass
class SupervisionSummary:
    today: date
    by_unit: list[SupervisionGroup]
    by_leader: list[SupervisionGroup]

    @property
    def overdue(self) -> int:
        return sum(g.overdue for g in self.by_unit)

    @property
    def due_soon(self) -> int:
        return sum(g.due_soon for g in self.by_unit)


def _flagged(user: User, today: date, state: str = "") -> QuerySet[Petition]:
    """Overdue or due-soon cases (the ledger's clock filters), or both when `state` is empty."""
    qs = petition_base_for_user(user=user)
    if state:
        return _clock_filter(qs, state, today)
    return qs.filter(next_due__lte=today + timedelta(days=DUE_SOON_DAYS))


def supervision_summary_for_user(*, user: User, today: date) -> SupervisionSummary:
    """Counts of overdue and due-soon cases by responsible unit (the handling unit, else the
    registering one) and by leader, each list ordered by overdue, due soon, then name."""
    cells = (
        _flagged(user, today)
        .order_by()
        .values(resp=Coalesce("handling_unit_id", "unit_id"), leader=F("responsible_leader_id"))
        .annotate(
            overdue=Count("pk", filter=Q(next_due__lt=today)),
            due_soon=Count("pk", filter=Q(next_due__gte=today)),
        )
    )
    units: dict[int, SupervisionGroup] = {}
    leaders: dict[int | None, SupervisionGroup] = {}
    for cell in cells:
        for groups, key in ((units, cell["resp"]), (leaders, cell["leader"])):
            group = groups.setdefault(key, SupervisionGroup(key=key, name=""))
            group.overdue += cell["overdue"]
            group.due_soon += cell["due_soon"]
    for pk, name in Unit.objects.filter(pk__in=list(units)).values_list("pk", "name"):
        units[pk].name = name
    people = User.objects.filter(pk__in=[k for k in leaders if k is not None])
    for pk, full_name, username in people.values_list("pk", "full_name", "username"):
        leaders[pk].name = full_name or username

    def by_counts(group: SupervisionGroup) -> tuple[int, int, bool, str]:
        return (-group.overdue, -group.due_soon, group.key is None, group.name)

    return SupervisionSummary(
        today=today,
        by_unit=sorted(units.values(), key=by_counts),
        by_leader=sorted(leaders.values(), key=by_counts),
    )


class SupervisionList:
    """The flagged cases of a summary grouped by unit or leader (groups in name order, cases in
    due order), sliceable for Django's Paginator: a page reads only the groups it spans."""

    def __init__(self, *, user: User, summary: SupervisionSummary, state: str, group: str) -> None:
        self.user, self.today, self.state, self.group = user, summary.today, state, group
        groups = summary.by_unit if group == "unit" else summary.by_leader
        self.groups = sorted(
            (g for g in groups if g.count(state)), key=lambda g: (g.key is None, g.name, g.key or 0)
        )

    def count(self) -> int:
        return sum(g.count(self.state) for g in self.groups)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list[Petition]:
        start, stop = window.start or 0, window.stop
        spanned: list[tuple[int, SupervisionGroup]] = []
        before = skipped = 0
        for group in self.groups:
            n = group.count(self.state)
            if before + n > start and (stop is None or before < stop):
                if not spanned:
                    skipped = before
                spanned.append((len(spanned), group))
            before += n
        if not spanned:
            return []
        chosen = _flagged(self.user, self.today, self.state).filter(self._members(spanned))
        if len(spanned) == 1:  # most pages: a walk of the due-date index that stops after them
            ordered = chosen.order_by("next_due", "id")
        else:
            column = "resp" if self.group == "unit" else "responsible_leader_id"
            position = Case(
                *(
                    When(**{column: g.key}, then=Value(i))
                    if g.key is not None
                    else When(responsible_leader_id__isnull=True, then=Value(i))
                    for i, g in spanned
                ),
                output_field=IntegerField(),
            )
            ordered = chosen.annotate(
                resp=Coalesce("handling_unit_id", "unit_id"), position=position
            ).order_by("position", "next_due", "id")
        # The page's keys first, from the index alone; then those rows with their joins.
        high = None if stop is None else stop - skipped
        keys = list(ordered.values_list("pk", flat=True)[start - skipped : high])
        rows = (
            Petition.objects.filter(pk__in=keys)
            .select_related(*JOINED)
            .prefetch_related(*PEOPLE)
            .annotate(resp_unit_name=Coalesce("handling_unit__name", "unit__name"))
            .defer("search_tokens")
            .prefetch_related("clocks")
        )
        order = {pk: i for i, pk in enumerate(keys)}
        return sorted(rows, key=lambda p: order[p.pk])

    def _members(self, spanned: list[tuple[int, SupervisionGroup]]) -> Q:
        """The cases of the spanned groups, as conditions on the case's own columns."""
        keys = [g.key for _, g in spanned if g.key is not None]
        if self.group == "unit":
            return Q(handling_unit_id__in=keys) | Q(handling_unit__isnull=True, unit_id__in=keys)
        members = Q(responsible_leader_id__in=keys)
        if len(keys) < len(spanned):
            members |= Q(responsible_leader__isnull=True)
        return members


# The stages at which a case's handling unit is the unit that actually handles it (not one it
# was transferred away from or returned by) — what routing learns from.
HANDLED = (
    Status.HANDLING,
    Status.REPLIED,
    Status.EVALUATED,
    Status.CLOSED,
    Status.UNDER_REVIEW,
    Status.UNDER_REREVIEW,
)


def handled_by_unit() -> Q:
    """Cases whose handling unit handled them: in handling or later, archived after acceptance,
    or imported history."""
    return Q(handling_unit__isnull=False) & (
        Q(status__in=HANDLED)
        | Q(status=Status.ARCHIVED, accepted_on__isnull=False)
        | Q(is_history=True)
    )
