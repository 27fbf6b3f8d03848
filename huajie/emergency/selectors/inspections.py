"""Reads of inspection plans and their standing this period (held / due / missed)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from huajie.common.scoping import get_visible, visible_to
from huajie.orgs.models import User

from ..models import (
    Inspection,
    InspectionPlan,
)
from ..periods import period_of, periods_ended

MISSED_LOOKBACK = 12  # periods of history shown as 漏检


@dataclass(frozen=True)
class ScheduleRow:
    """A plan's standing today: this period (its first and last day), whether its inspection is
    recorded, the last one held, and the periods that ended without one (newest first)."""

    plan: InspectionPlan
    starts: date
    ends: date
    done: bool
    last_on: date | None
    missed: list[date]
    days_left: int

    @property
    def missed_last(self) -> bool:
        return (
            bool(self.missed)
            and self.missed[0] == period_of(self.plan.frequency, self.starts - timedelta(days=1))[0]
        )

    @property
    def css(self) -> str:
        if self.done:
            return "text-bg-success"
        return "text-bg-danger" if self.missed_last else (
            "text-bg-warning" if self.days_left <= 3 else "text-bg-secondary"
        )  # fmt: skip


def inspection_plans_for_user(*, user: User) -> QuerySet[InspectionPlan]:
    return (
        visible_to(InspectionPlan.objects.filter(is_active=True), user)
        .select_related("place", "inspector", "unit")
        .order_by("place__name", "name", "id")
    )


def inspection_plan_get_for_user(*, user: User, pk: int) -> InspectionPlan:
    qs = InspectionPlan.objects.select_related("place__unit", "inspector", "unit")
    return get_visible(qs, user, pk=pk)


def inspection_schedule(
    *, plans: QuerySet[InspectionPlan], today: date | None = None
) -> list[ScheduleRow]:
    """Every plan's standing (two queries: the plans, their recent inspections); due first:
    missed last period, then by the end of this one."""
    today = today or timezone.localdate()
    plans_list = list(plans)
    held: dict[int, dict[date, date]] = {p.pk: {} for p in plans_list}
    recent = Inspection.objects.filter(
        plan__in=plans_list, inspected_on__gte=today - timedelta(days=366 * 6)
    ).values_list("plan", "period_start", "inspected_on")
    for plan_pk, start, on in recent:
        if start is not None:
            held[plan_pk][start] = on
    rows = []
    for plan in plans_list:
        starts, ends = period_of(plan.frequency, today)
        mine = held[plan.pk]
        past = periods_ended(plan.frequency, plan.starts_on, today, MISSED_LOOKBACK)
        rows.append(ScheduleRow(
            plan, starts, ends, starts in mine, max(mine.values(), default=None),
            [p for p in past if p not in mine], (ends - today).days,
        ))  # fmt: skip
    return sorted(rows, key=lambda r: (r.done, not r.missed_last, r.ends, r.plan.pk))
