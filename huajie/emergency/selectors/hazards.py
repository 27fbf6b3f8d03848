"""Reads of hazards (the board, its counts, 按期整改率), drills and corrective actions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import models
from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from huajie.common.scoping import get_visible, visible_to
from huajie.orgs.models import User

from ..models import (
    CorrectiveAction,
    Drill,
    Hazard,
    HazardStatus,
    Plan,
    PlanStatus,
    PlanVersion,
)

OPEN_HAZARD = ["open", "rectified"]  # the partial index em_hazard_open_due


@dataclass(frozen=True)
class HazardFilters:
    status: str = "unclosed"  # unclosed (open or rectified) / overdue / closed / all
    level: str = ""


def hazard_list_for_user(
    *, user: User, filters: HazardFilters, today: date | None = None
) -> QuerySet[Hazard]:
    today = today or timezone.localdate()
    qs = visible_to(Hazard.objects.all(), user).select_related("place", "responsible", "unit")
    if filters.status == "unclosed":
        qs = qs.filter(status__in=OPEN_HAZARD)
    elif filters.status == "overdue":
        qs = qs.filter(status__in=OPEN_HAZARD, deadline__lt=today)
    elif filters.status in HazardStatus.values:
        qs = qs.filter(status=filters.status)
    if filters.level:
        qs = qs.filter(level=filters.level)
    return qs.order_by("deadline", "id")


def hazard_get_for_user(*, user: User, pk: int) -> Hazard:
    qs = Hazard.objects.select_related(
        "place", "responsible", "unit", "supervisor_unit", "rectified_by", "rechecked_by"
    )
    return get_visible(qs, user, pk=pk)


def hazard_counts(*, user: User, today: date | None = None) -> dict[str, int]:
    """未销号 / 逾期 / 重大 / 待复查 in one aggregate over the partial index em_hazard_open_due,
    which carries every column it reads (an index-only scan on PostgreSQL)."""
    today = today or timezone.localdate()
    qs = visible_to(Hazard.objects.all(), user).filter(status__in=OPEN_HAZARD)
    agg = qs.aggregate(
        open=Count("pk"),
        overdue=Count("pk", filter=Q(deadline__lt=today)),
        major=Count("pk", filter=Q(level="major")),
        recheck=Count("pk", filter=Q(status=HazardStatus.RECTIFIED)),
    )
    return {k: v or 0 for k, v in agg.items()}


# which of the counts is the length of a filtered list (level not narrowed)
COUNT_OF_FILTER = {"unclosed": "open", "overdue": "overdue", HazardStatus.RECTIFIED: "recheck"}


@dataclass(frozen=True)
class HazardRow:
    """One line of the hazard board: only what it shows, read as plain values."""

    pk: int
    place: str
    item: str
    level: str
    deadline: date
    responsible: str
    status: str

    @property
    def status_label(self) -> str:
        return str(HazardStatus(self.status).label)


def hazard_board_page(
    *, user: User, filters: HazardFilters, offset: int, limit: int, today: date
) -> list[HazardRow]:
    """One page of the board as plain values (no model instances, no per-row lookups)."""
    rows = hazard_list_for_user(user=user, filters=filters, today=today).values_list(
        "pk", "place__name", "item", "level", "deadline", "responsible__full_name",
        "responsible__username", "status",
    )[offset : offset + limit]  # fmt: skip
    return [
        HazardRow(pk, place, item, level, deadline, full or username, status)
        for pk, place, item, level, deadline, full, username, status in rows
    ]


def hazard_board_count(
    *, user: User, filters: HazardFilters, counts: dict[str, int], today: date
) -> int:
    """The list's length: one of the board's counts where the filter is one of them, else its
    own count."""
    key = COUNT_OF_FILTER.get(filters.status)
    if key is not None and not filters.level:
        return counts[key]
    return hazard_list_for_user(user=user, filters=filters, today=today).count()


@dataclass(frozen=True)
class DrillDue:
    version: PlanVersion
    last_held: date | None
    due_on: date

    def overdue(self, today: date) -> bool:
        return self.due_on < today


def drills_due(*, user: User, today: date | None = None) -> list[DrillDue]:
    """Per plan in force: the last drill held and when the next is due (a year divided by the
    plan's drills per year after the last one, or after the plan took effect)."""
    today = today or timezone.localdate()
    versions = list(
        PlanVersion.objects.filter(
            status=PlanStatus.IN_FORCE, plan__in=visible_to(Plan.objects.all(), user)
        ).select_related("plan")
    )
    held = dict(
        Drill.objects.filter(plan__in=[v.plan_id for v in versions], held_on__isnull=False)
        .values("plan")
        .annotate(last=Max("held_on"))
        .values_list("plan", "last")
    )
    out = []
    for v in versions:
        last = held.get(v.plan_id)
        start = last or v.effective_on or today
        out.append(DrillDue(v, last, start + timedelta(days=365 // v.drills_per_year)))
    return sorted(out, key=lambda d: d.due_on)


def drill_list_for_user(*, user: User) -> QuerySet[Drill]:
    return visible_to(Drill.objects.all(), user).select_related("plan", "unit")


def actions_open_for_user(*, user: User) -> QuerySet[CorrectiveAction]:
    return (
        visible_to(CorrectiveAction.objects.all(), user)
        .filter(done_on__isnull=True)
        .select_related("owner", "review__incident", "drill")
    )


@dataclass(frozen=True)
class HazardRate:
    unit_name: str
    rectified: int
    on_time: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.on_time / self.rectified) if self.rectified else None


def hazard_rates(*, user: User) -> list[HazardRate]:
    """按期整改率 per responsible unit: hazards rectified, and of those by their deadline."""
    rows = (
        visible_to(Hazard.objects.all(), user)
        .filter(rectified_on__isnull=False)
        .values("unit__name")
        .annotate(
            n=Count("pk"),
            on_time=Count("pk", filter=Q(rectified_on__lte=models.F("deadline"))),
        )
        .order_by("unit__name")
    )
    return [HazardRate(r["unit__name"], r["n"], r["on_time"]) for r in rows]
