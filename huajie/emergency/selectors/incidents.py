"""Reads of incidents, the commander's board, call-outs and plans, permission-scoped."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone

from huajie.common.scoping import get_visible, visible_to
from huajie.orgs.models import User

from ..models import (
    ClockKind,
    Incident,
    IncidentClock,
    IncidentResponder,
    IncidentStatus,
    Plan,
    PlanVersion,
)

OPEN = (IncidentStatus.REPORTED, IncidentStatus.ACTIVE)
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
