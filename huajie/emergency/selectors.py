"""Every user-facing read of the emergency module, permission-scoped (`common.scoping`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import models
from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.utils import timezone

from huajie.common.scoping import get_visible, visible_to
from huajie.orgs.models import User

from .models import (
    ClockKind,
    CorrectiveAction,
    Drill,
    Hazard,
    HazardStatus,
    Incident,
    IncidentClock,
    IncidentResponder,
    IncidentStatus,
    Inspection,
    InspectionPlan,
    Plan,
    PlanStatus,
    PlanVersion,
)
from .periods import period_of, periods_ended

OPEN = (IncidentStatus.REPORTED, IncidentStatus.ACTIVE)
OPEN_HAZARD = ["open", "rectified"]  # the partial index em_hazard_open_due
REPORT_KINDS = (ClockKind.REPORT_FIRST, ClockKind.REPORT_CONTINUED, ClockKind.REPORT_FINAL)


def incident_get_for_user(*, user: User, pk: int) -> Incident:
    qs = Incident.objects.select_related(
        "unit", "command_unit", "incident_type", "plan_version__plan", "commander",
        "reported_by", "region",
    ).prefetch_related(
        Prefetch("responders", IncidentResponder.objects.select_related("user", "unit")),
        Prefetch("clocks", IncidentClock.objects.order_by("due_at", "id")),
        "tasks__owner", "reports__filed_by", "incident_type__criteria",
    )  # fmt: skip
    return get_visible(qs, user, pk=pk)


def incident_list_for_user(
    *, user: User, status: str = "open", exercise: bool | None = None
) -> QuerySet[Incident]:
    qs = visible_to(Incident.objects.all(), user).select_related(
        "incident_type", "commander", "unit", "plan_version"
    )
    if status == "open":
        qs = qs.filter(status__in=OPEN)
    elif status:
        qs = qs.filter(status=status)
    if exercise is not None:
        qs = qs.filter(is_exercise=exercise)
    return qs.order_by("-received_at", "-id")


@dataclass(frozen=True)
class BoardCell:
    """One member on the board: who, which group, when acknowledged and arrived, and the limits
    (接报 + the group's minutes, which is what the member's clocks hold)."""

    name: str
    group_name: str
    acked_at: datetime | None
    arrived_at: datetime | None
    ack_due: datetime
    arrive_due: datetime
    ack_late: bool
    arrive_late: bool

    @property
    def state(self) -> str:
        if self.arrived_at:
            return "arrived"
        if self.acked_at:
            return "acked"
        return "waiting"

    @property
    def late_now(self) -> bool:
        return (self.ack_late and not self.acked_at) or (self.arrive_late and not self.arrived_at)

    @property
    def css(self) -> str:
        return f"em-cell em-{self.state}" + (" em-late" if self.late_now else "")

    @property
    def status_text(self) -> str:
        """ "到达 14:37", "收到 14:31 超时", "未收到 已超时" or "未收到（14:35前）"."""

        def hm(moment: datetime) -> str:
            return f"{timezone.localtime(moment):%H:%M}"

        if self.arrived_at:
            return f"到达 {hm(self.arrived_at)}" + (" 超时" if self.arrive_late else "")
        if self.acked_at:
            return f"收到 {hm(self.acked_at)}" + (" 超时" if self.ack_late else "")
        return "未收到 已超时" if self.ack_late else f"未收到（{hm(self.ack_due)}前）"


def board_rows(
    *, user: User, now: datetime | None = None
) -> list[tuple[Incident, list[BoardCell]]]:
    """The commander's board: active incidents, each with its grid of groups × members — three
    queries (the incidents, their members as plain rows, the overdue steps and reports)."""
    now = now or timezone.now()
    incidents = list(incident_list_for_user(user=user, status=IncidentStatus.ACTIVE)[:100])
    by_incident: dict[int, list[BoardCell]] = {i.pk: [] for i in incidents}
    received = {i.pk: i.received_at for i in incidents}
    rows = (
        IncidentResponder.objects.filter(incident__in=incidents)
        .order_by("incident_id", "group_order", "position", "id")
        .values_list("incident_id", "group_name", "user__full_name", "user__username",
                     "acked_at", "arrived_at", "ack_minutes", "arrive_minutes")
    )  # fmt: skip
    for pk, group, full, username, acked, arrived, ack_m, arrive_m in rows:
        ack_due = received[pk] + timedelta(minutes=ack_m)
        arrive_due = received[pk] + timedelta(minutes=arrive_m)
        by_incident[pk].append(BoardCell(
            full or username, group, acked, arrived, ack_due, arrive_due,
            ack_late=(acked or now) > ack_due, arrive_late=(arrived or now) > arrive_due,
        ))  # fmt: skip
    overdue = dict(
        IncidentClock.objects.filter(
            incident__in=incidents, stopped_at__isnull=True, due_at__lt=now,
            kind__in=(ClockKind.STEP, *REPORT_KINDS),
        ).values("incident").annotate(n=Count("pk")).values_list("incident", "n")
    )  # fmt: skip
    out = []
    for incident in incidents:
        incident.overdue_other = overdue.get(incident.pk, 0)  # type: ignore[attr-defined]
        out.append((incident, by_incident[incident.pk]))
    return out


def callouts_for_user(*, user: User) -> QuerySet[IncidentResponder]:
    """The user's own call-outs in incidents still running."""
    return (
        IncidentResponder.objects.filter(user=user, incident__status=IncidentStatus.ACTIVE)
        .select_related("incident")
        .order_by("-notified_at")
    )


def overdue_clocks(*, incident: Incident, now: datetime) -> list[IncidentClock]:
    return [c for c in incident.clocks.all() if c.stopped_at is None and c.due_at < now]


def plan_list_for_user(*, user: User) -> QuerySet[Plan]:
    return (
        visible_to(Plan.objects.all(), user)
        .select_related("unit", "area_unit")
        .prefetch_related(Prefetch("versions", PlanVersion.objects.order_by("-number")))
        .order_by("name")
    )


def plan_get_for_user(*, user: User, pk: int) -> Plan:
    return get_visible(Plan.objects.select_related("unit", "area_unit"), user, pk=pk)


def version_get_for_user(*, user: User, pk: int) -> PlanVersion:
    qs = PlanVersion.objects.select_related("plan__unit", "plan__area_unit").prefetch_related(
        "groups__members__user__unit", "types__criteria", "types__steps__group", "reports",
        "resources",
    )  # fmt: skip
    return get_visible(qs, user, pk=pk)


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
