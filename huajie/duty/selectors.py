"""Every user-facing read of the duty module, permission-scoped (another unit's record is 404)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import connection
from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils import timezone

from huajie.common.scoping import get_visible, visible_to
from huajie.deadlines import Cutoff, cutoffs_between, cutoffs_on
from huajie.orgs.holidays import working_calendar
from huajie.orgs.models import Unit, User

from .models import (
    DailyReport,
    DutyAssignment,
    DutyLogEntry,
    DutyRole,
    DutySlot,
    ReportDefinition,
    RosterMonth,
    RosterStatus,
    ShiftPattern,
    SpecialPeriod,
)
from .queries import Epoch
from .services.calendar import ancestor_ids
from .services.reports import periods_for, plan_for
from .services.roster import slot_gap


def rosters_for_user(*, user: User) -> QuerySet[RosterMonth]:
    return visible_to(RosterMonth.objects.select_related("unit", "filed_to"), user).order_by(
        "-month", "unit__path"
    )


def roster_get(*, user: User, pk: int) -> RosterMonth:
    return get_visible(RosterMonth.objects.select_related("unit"), user, pk=pk)


def patterns_for_unit(*, user: User) -> QuerySet[ShiftPattern]:
    """The shift patterns of the user's own unit (the ones its rosters can use)."""
    if user.unit is None:
        return ShiftPattern.objects.none()
    return visible_to(ShiftPattern.objects.filter(unit=user.unit), user).order_by("kind", "id")


def slot_get(*, user: User, pk: int) -> DutySlot:
    return get_visible(DutySlot.objects.select_related("roster", "unit"), user, pk=pk)


def entries_for_user(*, user: User) -> QuerySet[DutyLogEntry]:
    return visible_to(DutyLogEntry.objects.select_related("unit", "recorded_by"), user)


def entry_get(*, user: User, pk: int) -> DutyLogEntry:
    return get_visible(
        DutyLogEntry.objects.select_related("unit", "recorded_by").prefetch_related("links"),
        user,
        pk=pk,
    )


@dataclass
class OnDuty:
    unit: Unit
    phone: str
    slot: DutySlot | None
    leaders: list[User] = field(default_factory=list)
    officers: list[User] = field(default_factory=list)

    @property
    def gap(self) -> str:
        if self.slot is None:
            return "无排班"
        return slot_gap(self.slot, leaders=len(self.leaders), officers=len(self.officers))


def on_duty_now(
    *, user: User, at: datetime | None = None, unit: Unit | None = None
) -> list[OnDuty]:
    """Today's officer and leader in each unit the user sees that keeps a roster (published
    rosters only), and each unit's duty phone."""
    at = at or timezone.now()
    slots = visible_to(
        DutySlot.objects.filter(
            starts_at__lte=at, ends_at__gt=at, roster__status=RosterStatus.PUBLISHED
        )
        .select_related("unit", "unit__duty_post")
        .prefetch_related(
            Prefetch("assignments", queryset=DutyAssignment.objects.select_related("user"))
        ),
        user,
    )
    if unit is not None:
        slots = slots.filter(unit=unit)
    rows = []
    for slot in slots.order_by("unit__path"):
        post = getattr(slot.unit, "duty_post", None)
        row = OnDuty(
            unit=slot.unit, phone=(post.duty_phone if post else "") or slot.unit.phone, slot=slot
        )
        for a in slot.assignments.all():
            (row.leaders if a.role == DutyRole.LEADER else row.officers).append(a.user)
        rows.append(row)
    return rows


def next_shift(*, user: User, at: datetime | None = None) -> DutyAssignment | None:
    at = at or timezone.now()
    return (
        DutyAssignment.objects.filter(user=user, slot__ends_at__gt=at)
        .select_related("slot", "slot__unit")
        .order_by("slot__starts_at")
        .first()
    )


def shifts_for_user(*, user: User, first: date, last: date) -> QuerySet[DutyAssignment]:
    return (
        DutyAssignment.objects.filter(user=user, slot__day__gte=first, slot__day__lte=last)
        .select_related("slot", "slot__unit")
        .order_by("slot__starts_at")
    )


def periods_now(*, unit: Unit, on: date | None = None) -> list[SpecialPeriod]:
    on = on or timezone.localdate()
    return list(
        SpecialPeriod.objects.filter(
            unit_id__in=ancestor_ids(unit), starts_on__lte=on, ends_on__gte=on
        ).select_related("leader")
    )


@dataclass
class Due:
    definition: ReportDefinition
    cutoff: Cutoff
    report: DailyReport | None
    minutes_left: int  # negative once passed


def reports_due(*, unit: Unit, at: datetime | None = None) -> list[Due]:
    """Today's cut-offs of every report the unit files, with what was filed and minutes left."""
    at = at or timezone.now()
    today = timezone.localtime(at).date()
    calendar = working_calendar()
    periods = list(SpecialPeriod.objects.filter(unit_id__in=ancestor_ids(unit)))
    out = []
    for definition in ReportDefinition.objects.filter(units=unit, is_active=True):
        if definition.starts_on and definition.starts_on > today:
            continue
        filed = {
            r.cutoff_at: r
            for r in DailyReport.objects.filter(definition=definition, unit=unit, day=today)
        }
        for cutoff in cutoffs_on(calendar, plan_for(definition, periods), today):
            left = int((cutoff.at - at).total_seconds() // 60)
            out.append(Due(definition, cutoff, filed.get(cutoff.at), left))
    return out


def definitions_for_user(*, user: User) -> QuerySet[ReportDefinition]:
    return visible_to(ReportDefinition.objects.filter(is_active=True), user).distinct()


@dataclass(slots=True)
class Mark:
    status: str  # reported / zero / late / missing / pending
    at: datetime
    minutes_late: int = 0
    when: str = ""  # the cut-off in local time, "1月5日 17:00"

    @property
    def label(self) -> str:
        return MARK_LABELS[self.status]


MARK_LABELS = {
    "reported": "已报",
    "zero": "零报告",
    "late": "迟报",
    "missing": "未报",
    "pending": "待报",
}


@dataclass
class MatrixRow:
    unit: Unit
    cells: list[tuple[Mark, ...]]  # a day's marks; () where nothing was due
    due: int = 0
    reported: int = 0
    on_time: int = 0

    @property
    def rate(self) -> float | None:
        return None if not self.due else self.reported / self.due


def _filed(
    definition: ReportDefinition, unit_ids: list[int], first: date, last: date
) -> dict[int, dict[int, tuple[str, int]]]:
    """Each unit's filed reports of the range, by the cut-off's epoch second. The ORM writes
    the SQL; the rows (integers and a short text) are read straight from the cursor, without
    the per-row converter pass."""
    sql, params = (
        DailyReport.objects.filter(
            definition=definition, unit_id__in=unit_ids, day__gte=first, day__lte=last
        )
        .annotate(ts=Epoch("cutoff_at"))
        .values_list("unit_id", "ts", "kind", "minutes_late")
        .query.sql_with_params()
    )
    out: dict[int, dict[int, tuple[str, int]]] = defaultdict(dict)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for unit_id, ts, kind, late in cursor.fetchall():
            out[unit_id][int(ts)] = (kind, late)
    return out


def _plan_cutoffs(
    definition: ReportDefinition, periods: list[SpecialPeriod], first: date, last: date
) -> list[tuple[int, Cutoff, int, str]]:
    """(day index, cut-off, epoch second, "1月5日 17:00") for every cut-off of the range under
    one set of covering periods; days before the definition starts have none."""
    start = max(first, definition.starts_on) if definition.starts_on else first
    if start > last:
        return []
    out = []
    for cutoff in cutoffs_between(working_calendar(), plan_for(definition, periods), start, last):
        local = timezone.localtime(cutoff.at)
        when = f"{local.month}月{local.day}日 {local:%H:%M}"
        out.append(((cutoff.day - first).days, cutoff, int(cutoff.at.timestamp()), when))
    return out


def report_matrix(
    *, user: User, definition: ReportDefinition, first: date, last: date, at: datetime | None = None
) -> tuple[list[date], list[MatrixRow]]:
    """Units × days: each cut-off reported / zero report / late / missing (pending while ahead),
    from the stored reports; completeness per unit over the cut-offs already passed. The
    cut-offs are computed once per distinct set of covering special periods."""
    at = at or timezone.now()
    units = list(visible_to(definition.units.all(), user).order_by("path"))
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    reports = _filed(definition, [u.pk for u in units], first, last)
    periods = list(SpecialPeriod.objects.filter(starts_on__lte=last, ends_on__gte=first))
    by_plan: dict[tuple[int, ...], list[tuple[int, Cutoff, int, str]]] = {}
    marks: dict[tuple[int, str, int], Mark] = {}
    rows = []
    for unit in units:
        mine = periods_for(unit, periods)
        key = tuple(p.pk for p in mine)
        if key not in by_plan:
            by_plan[key] = _plan_cutoffs(definition, mine, first, last)
        row = MatrixRow(unit=unit, cells=[()] * len(days))
        filed = reports.get(unit.pk, {})
        due = reported = on_time = 0
        for i, cutoff, db_key, when in by_plan[key]:
            report = filed.get(db_key)
            if report is not None:
                kind, late = report
                status = "late" if late else ("zero" if kind == "zero" else "reported")
                due += 1
                reported += 1
                on_time += not late
            elif cutoff.at < at:
                status, late = "missing", 0
                due += 1
            else:
                status, late = "pending", 0
            # Marks are values: one object per distinct (cut-off, status, lateness), shared.
            mark = marks.get((db_key, status, late))
            if mark is None:
                mark = marks[(db_key, status, late)] = Mark(status, cutoff.at, late, when)
            row.cells[i] += (mark,)
        row.due, row.reported, row.on_time = due, reported, on_time
        rows.append(row)
    return days, rows


def gaps_between(*, user: User, start: datetime, end: datetime) -> list[tuple[DutySlot, str]]:
    """Slots starting in the window that lack a leader or officers."""
    slots = visible_to(
        DutySlot.objects.filter(starts_at__gte=start, starts_at__lt=end)
        .select_related("unit")
        .prefetch_related("assignments"),
        user,
    )
    out = []
    for slot in slots:
        roles = [a.role for a in slot.assignments.all()]
        gap = slot_gap(
            slot, leaders=roles.count(DutyRole.LEADER), officers=roles.count(DutyRole.OFFICER)
        )
        if gap:
            out.append((slot, gap))
    return out


def roster_gap_counts(*, roster_ids: list[int]) -> dict[int, int]:
    """Slots of each roster that lack their leader or an officer (one grouped query), for the
    list where the county sees every town's roster and its gaps."""
    lacking = (
        DutySlot.objects.filter(roster_id__in=roster_ids)
        .annotate(
            leaders=Count("assignments", filter=Q(assignments__role=DutyRole.LEADER)),
            officers=Count("assignments", filter=Q(assignments__role=DutyRole.OFFICER)),
        )
        .filter(Q(leader_required=True, leaders=0) | Q(officers__lt=F("officers_required")))
        .values_list("roster_id", flat=True)
    )
    out: dict[int, int] = defaultdict(int)
    for roster_id in lacking:
        out[roster_id] += 1
    return out
