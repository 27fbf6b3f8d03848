"""Every user-facing read of the mediation module, permission-scoped (`common.scoping`): another
unit's dispute is "not found", exactly like one that does not exist."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from huajie.common.counting import EstimatedCountQuerySet, with_estimated_count
from huajie.common.errors import NotFound
from huajie.common.scoping import get_visible, visible_to
from huajie.orgs.models import Unit, UnitKind, User

from .models import (
    Agreement,
    AnalysisMeeting,
    Dispute,
    DisputeEvent,
    DisputeType,
    PerformanceTerm,
)
from .oversight import overseen_by
from .states import OPEN_STATUSES, Status

DUE_SOON_DAYS = 3


@dataclass(frozen=True)
class DisputeFilters:
    q: str = ""
    status: str = ""
    dispute_class: int | None = None
    dispute_type: int | None = None
    unit: int | None = None
    source: str = ""
    received_from: date | None = None
    received_to: date | None = None
    due: str = ""  # "overdue", "soon"
    mine: bool = False
    overseen: bool = False  # only the disputes read through the town's oversight
    sort: str = "-received_on"


SORTS = {
    "-received_on": ("-received_on", "-id"),
    "received_on": ("received_on", "id"),
    "next_due": ("next_due", "id"),
    "reg_no": ("reg_no",),
}


def _base(user: User, *, listed: bool = False) -> QuerySet[Dispute]:
    return visible_to(Dispute.objects.all(), user, listed=listed)


def dispute_list_for_user(
    *, user: User, filters: DisputeFilters | None = None, today: date | None = None
) -> EstimatedCountQuerySet[Dispute]:
    """The dispute register (纠纷台账) the user may see, filtered and sorted; no personal data.

    Its `count()` is PostgreSQL's estimate above `COUNT_EXACT_UP_TO` rows (`common.counting`;
    `is_estimated_count` says "约"): an exact count of the ~100,000 disputes a county reads is a
    scan of them all (~75 ms at 200,000). The scope names its units by key (`listed`) so that the
    estimate comes from the column statistics (with a subquery the planner took half the table)."""
    f = filters or DisputeFilters()
    qs = _base(user, listed=True).select_related("unit", "dispute_type__parent", "mediator")
    if f.q:
        qs = qs.filter(
            Q(title__icontains=f.q) | Q(reg_no__icontains=f.q) | Q(summary__icontains=f.q)
        )
    if f.status == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif f.status:
        qs = qs.filter(status=f.status)
    if f.dispute_class:
        qs = qs.filter(dispute_class=f.dispute_class)
    if f.dispute_type:
        qs = qs.filter(
            Q(dispute_type_id=f.dispute_type) | Q(dispute_type__parent_id=f.dispute_type)
        )
    if f.unit:  # a committee, or a town with its committee and villages
        path = Unit.objects.filter(pk=f.unit).values_list("path", flat=True).first()
        qs = qs.filter(unit__path__startswith=path) if path else qs.none()
    if f.source:
        qs = qs.filter(source=f.source)
    if f.received_from:
        qs = qs.filter(received_on__gte=f.received_from)
    if f.received_to:
        qs = qs.filter(received_on__lte=f.received_to)
    day = today or timezone.localdate()
    if f.due == "overdue":
        qs = qs.filter(next_due__lt=day)
    elif f.due == "soon":
        qs = qs.filter(next_due__gte=day, next_due__lte=day + timedelta(days=DUE_SOON_DAYS))
    if f.mine:
        qs = qs.filter(mediator=user)
    if f.overseen:
        qs = _overseen_only(qs, user)
    qs = qs.order_by(*SORTS.get(f.sort, SORTS["-received_on"]))
    return with_estimated_count(qs, EstimatedCountQuerySet)


def _overseen_only(qs: QuerySet[Dispute], user: User) -> QuerySet[Dispute]:
    """The disputes the user reads only through oversight: held outside their own unit's subtree
    (the villages' disputes, for a town's mediation committee)."""
    if user.unit is None or overseen_by(user.unit).pk == user.unit_id:
        return qs.none()
    own = Unit.objects.filter(path__startswith=user.unit.path).values_list("pk", flat=True)
    return qs.exclude(unit__in=list(own))


def dispute_get_for_user(*, user: User, pk: int) -> Dispute:
    """One dispute with what its page and rules read, or NotFound. The scope is applied once
    (`get_visible`) and four tables are joined: PostgreSQL plans the seven-table join of the
    registering unit, region and registrar too in ~3 ms for a 0.2 ms lookup, so those three come
    by key (an index lookup each, none when they are the dispute's own unit and mediator)."""
    qs = Dispute.objects.select_related(
        "unit", "dispute_type__parent", "mediator"
    ).prefetch_related(
        "region",
        "parties",
        "clocks",
        "sessions__recorded_by",
        "visits__visited_by",
        Prefetch("events", queryset=DisputeEvent.objects.select_related("actor")),
        Prefetch("agreement__items"),
    )
    dispute = get_visible(qs, user, pk=pk)
    # Most disputes are registered where they are held and by their mediator: then the
    # registering unit and the registrar are the joined unit and mediator, not two more queries
    # (otherwise they load on first use, one query each, as the prefetch did).
    if dispute.origin_unit_id == dispute.unit_id:
        Dispute.origin_unit.field.set_cached_value(dispute, dispute.unit)
    if dispute.registered_by_id is not None and dispute.registered_by_id == dispute.mediator_id:
        Dispute.registered_by.field.set_cached_value(dispute, dispute.mediator)
    return dispute


def agreement_of(dispute: Dispute) -> Agreement | None:
    try:
        return dispute.agreement
    except Agreement.DoesNotExist:
        return None


def ledger_units(user: User) -> list[Unit]:
    """The towns and committees the user reads (their unit's subtree, the whole town for a town's
    mediation committee), for the ledger's 调解组织 filter."""
    units = Unit.objects.filter(
        is_active=True, kind__in=[UnitKind.TOWN, UnitKind.MEDIATION, UnitKind.VILLAGE]
    ).order_by("path")
    if not user.is_superuser:
        if user.unit is None:
            return []
        units = units.filter(path__startswith=overseen_by(user.unit).path)
    return list(units)


def types_active() -> list[DisputeType]:
    return list(DisputeType.objects.filter(active=True).select_related("parent"))


@dataclass(frozen=True)
class WorkCounts:
    on_hand: int
    sessions_today: int
    visits_due: int
    overdue: int
    terms_due: int


def work_counts(*, user: User, today: date) -> WorkCounts:
    """The mediator's home card: disputes on hand, sessions held today, visits due, overdue
    settlement limits, performance terms due within three days."""
    mine = _base(user).filter(Q(mediator=user) | Q(mediator__isnull=True, unit=user.unit_id))
    on_hand = mine.filter(status__in=OPEN_STATUSES)
    soon = today + timedelta(days=DUE_SOON_DAYS)
    return WorkCounts(
        on_hand=on_hand.count(),
        sessions_today=mine.filter(sessions__held_on=today).distinct().count(),
        visits_due=mine.filter(
            clocks__kind__startswith="visit",
            clocks__stopped_on__isnull=True,
            clocks__due__lte=today + timedelta(days=7),
        )
        .distinct()
        .count(),
        overdue=on_hand.filter(next_due__lt=today).count(),
        terms_due=PerformanceTerm.objects.filter(
            agreement__dispute__in=mine.filter(status=Status.PERFORMING),
            done_on__isnull=True,
            due_on__lte=soon,
        ).count(),
    )


@dataclass(frozen=True)
class OversightCounts:
    open: int
    overdue: int
    due_soon: int
    waiting: int


def oversight_counts(*, user: User, today: date) -> OversightCounts | None:
    """The town committee's home card: the villages' disputes in hand, past or near their limit,
    and waiting to be accepted; None for a user who oversees nothing beyond their own unit."""
    if user.unit is None or overseen_by(user.unit).pk == user.unit_id:
        return None
    villages = _overseen_only(_base(user), user)
    in_hand = villages.filter(status__in=OPEN_STATUSES)
    return OversightCounts(
        open=in_hand.count(),
        overdue=in_hand.filter(next_due__lt=today).count(),
        due_soon=in_hand.filter(
            next_due__gte=today, next_due__lte=today + timedelta(days=DUE_SOON_DAYS)
        ).count(),
        waiting=villages.filter(status=Status.REGISTERED).count(),
    )


def visits_due_for_user(*, user: User, today: date, within_days: int = 7) -> QuerySet[Dispute]:
    """Return visits due (or overdue) on the user's queue."""
    return (
        _base(user)
        .filter(
            clocks__kind__startswith="visit",
            clocks__stopped_on__isnull=True,
            clocks__due__lte=today + timedelta(days=within_days),
        )
        .select_related("unit", "dispute_type__parent")
        .distinct()
        .order_by("next_due", "id")
    )


__all__ = ["NotFound"]


def meetings_for_user(*, user: User) -> QuerySet[AnalysisMeeting]:
    """The analysis meetings of what the user oversees (`oversight.overseen_by`), newest first."""
    qs = AnalysisMeeting.objects.select_related("unit", "recorded_by")
    if user.is_superuser:
        return qs
    if user.unit is None or not user.is_active:
        return qs.none()
    return qs.filter(unit__path__startswith=overseen_by(user.unit).path)


def meeting_get_for_user(*, user: User, pk: int) -> AnalysisMeeting:
    meeting = meetings_for_user(user=user).prefetch_related("disputes").filter(pk=pk).first()
    if meeting is None:
        raise NotFound("没有这次研判例会记录，或您无权查看。")
    return meeting


def terms_due_for_user(*, user: User, today: date, within_days: int = 7) -> list[PerformanceTerm]:
    """Performance terms not yet performed and due within a week (or overdue)."""
    disputes = _base(user).filter(status=Status.PERFORMING)
    return list(
        PerformanceTerm.objects.filter(
            agreement__dispute__in=disputes,
            done_on__isnull=True,
            due_on__lte=today + timedelta(days=within_days),
        )
        .select_related("agreement__dispute")
        .order_by("due_on", "id")[:50]
    )
