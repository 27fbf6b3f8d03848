"""Generating rosters from rotations: the slots of each day against the statutory calendar, each
role filled by turns, skipping people on approved leave or already on duty at that time.

A whole year of one unit (or many units) is one pass in one transaction: the calendar, the
special periods, the duty posts, the existing slots, the leave and the people's other shifts are
each read once for the whole range; each day's shifts are computed once for every unit with the
same pattern (times, and their values as the database takes them); the new slots, their people
and the rosters' events are written as multi-row inserts (`bulk.insert`), no query and no notice
per slot (docs/performance.md, "Duty")."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from huajie.common.errors import ApplicationError
from huajie.common.scoping import require_writable
from huajie.common.timeline import current_source
from huajie.orgs.models import Unit, User

from ..models import (
    DayKind,
    DutyAssignment,
    DutyEvent,
    DutyEventKind,
    DutyPost,
    DutyRole,
    DutySlot,
    RosterMonth,
    Rotation,
    ShiftKind,
    ShiftPattern,
    SpecialPeriod,
)
from ..queries import Epoch
from . import bulk
from .calendar import ancestor_ids, day_kinds, parse_hhmm
from .placing import Placer, Shift, Slot, busy_between, leave_between, utc_days
from .roster import (
    month_bounds,
    pattern_create,
    require_draft,
    roster_month_get,
    rotation_create,
)

Key = tuple[int, int]  # (unit, start in seconds since 1970): a slot, new or stored
ONE_DAY = timedelta(days=1)
WORKING = frozenset({DayKind.WORKDAY, DayKind.MAKEUP})


def _days_of(shifts: Sequence[dict[str, Any]], first: date, last: date) -> dict[date, list[Shift]]:
    zone = timezone.get_current_timezone()
    cut = [
        (i, s["label"], parse_hhmm(s["start"]), timedelta(minutes=int(s["minutes"])))
        for i, s in enumerate(shifts)
    ]
    out: dict[date, list[Shift]] = {}
    moment, day_value = bulk.datetime_adapter(), connection.ops.adapt_datefield_value
    day = first
    while day <= last:
        value = day_value(day)
        today = []
        for i, label, start, length in cut:
            starts = datetime.combine(day, start, tzinfo=zone)
            ends = starts + length
            start_s, end_s = int(starts.timestamp()), int(ends.timestamp())
            today.append(
                Shift(day, day.toordinal(), i, label, start_s, end_s, utc_days(start_s, end_s),
                       (value, moment(starts), moment(ends)))
            )  # fmt: skip
        out[day] = today
        day += ONE_DAY
    return out


def _plan(
    rosters: Sequence[RosterMonth], patterns: dict[int, ShiftPattern]
) -> dict[int, list[Slot]]:
    """Each unit's slots, in time order, from its pattern for its rosters' months, with the
    officers each day needs (the unit's post, raised by any special period covering the day). A
    weekly rota (值周) has its slots on working days only (调休 Saturdays included)."""
    first = min(r.month for r in rosters)
    last = month_bounds(max(r.month for r in rosters))[1]
    kinds = day_kinds(first, last)
    unit_ids = {r.unit_id for r in rosters}
    posts = {p.unit_id: p for p in DutyPost.objects.filter(unit_id__in=unit_ids)}
    above = {u.pk: set(ancestor_ids(u)) for u in (r.unit for r in rosters)}
    periods = list(
        SpecialPeriod.objects.filter(
            unit_id__in={a for ids in above.values() for a in ids},
            starts_on__lte=last,
            ends_on__gte=first,
        ).values_list("unit_id", "starts_on", "ends_on", "officers_per_slot")
    )
    days_by_shifts: dict[str, dict[date, list[Shift]]] = {}
    out: dict[int, list[Slot]] = defaultdict(list)
    for roster in rosters:
        pattern = patterns[roster.unit_id]
        key = repr(pattern.shifts)
        if key not in days_by_shifts:
            days_by_shifts[key] = _days_of(pattern.shifts, first, last)
        days = days_by_shifts[key]
        weekly = pattern.kind == ShiftKind.WEEKLY
        post = posts.get(roster.unit_id) or DutyPost(unit_id=roster.unit_id)
        mine = [p[1:] for p in periods if p[0] in above[roster.unit_id]]
        slots = out[roster.unit_id]
        month_first, month_last = month_bounds(roster.month)
        day = month_first
        while day <= month_last:
            kind = kinds[day]
            if not (weekly and kind not in WORKING):
                needed = post.officers_per_slot
                for a, b, n in mine:
                    if a <= day <= b and n > needed:
                        needed = n
                for shift in days[day]:
                    slots.append(
                        Slot(roster.pk, roster.unit_id, shift, kind, needed,
                              post.requires_leader)
                    )  # fmt: skip
            day += ONE_DAY
    return out


def _rosters(units: Sequence[Unit], months: Sequence[date]) -> list[RosterMonth]:
    """The units' rosters of the months, the missing ones created (drafts)."""
    wanted = sorted({m.replace(day=1) for m in months})
    by_id = {u.pk: u for u in units}
    have = {
        (r.unit_id, r.month): r
        for r in RosterMonth.objects.filter(unit_id__in=by_id, month__in=wanted)
    }
    missing = [(u, m) for u in by_id for m in wanted if (u, m) not in have]
    if missing:
        now = bulk.datetime_value(timezone.now())
        draft = RosterMonth(unit_id=0, month=wanted[0])
        new_ids = bulk.insert(
            RosterMonth._meta.db_table,
            ("unit_id", "month", "status", "version", "edition", "created_at", "updated_at"),
            ((u, bulk.date_value(m), draft.status, draft.version, draft.edition, now, now)
             for u, m in missing),
            returning=True,
        )  # fmt: skip
        for (u, m), pk in zip(missing, new_ids, strict=True):
            have[(u, m)] = RosterMonth(pk=pk, unit_id=u, month=m)
    for roster in have.values():
        roster.unit = by_id[roster.unit_id]
    return [have[(u, m)] for u in by_id for m in wanted]


def _check(rosters: Sequence[RosterMonth], rotations: Sequence[Rotation], user: User) -> None:
    for roster in rosters:
        require_writable(user, roster)
        require_draft(roster)
    if not rotations:
        raise ApplicationError("请先设置至少一个轮值规则（带班领导、值班人员）。")
    if len({r.pattern_id for r in rotations}) != 1:
        raise ApplicationError("同一张值班表的轮值规则须使用同一个班次模式，请统一后再生成。")
    if any(r.unit_id != rosters[0].unit_id for r in rotations):
        raise ApplicationError("轮值规则须是本单位的规则，请在本单位的值班表中生成。")


def _stored(roster_ids: Sequence[int]) -> tuple[dict[Key, int], dict[Key, dict[int, str]]]:
    """The rosters' slots already stored, by (unit, start second), and who is on each."""
    ids = {
        (unit_id, ts): pk
        for pk, unit_id, ts in DutySlot.objects.filter(roster_id__in=roster_ids)
        .annotate(ts=Epoch("starts_at"))
        .values_list("id", "unit_id", "ts")
    }
    key_of = {pk: key for key, pk in ids.items()}
    seats: dict[Key, dict[int, str]] = defaultdict(dict)
    for slot_id, user_id, role in DutyAssignment.objects.filter(
        slot__roster_id__in=roster_ids
    ).values_list("slot_id", "user_id", "role"):
        seats[key_of[slot_id]][user_id] = role
    return ids, seats


SLOT_COLUMNS = ("roster_id", "unit_id", "day", "starts_at", "ends_at", "label", "day_kind",
                "officers_required", "leader_required")  # fmt: skip


def _insert_slots(slots: Sequence[Slot]) -> list[int]:
    return bulk.insert(
        DutySlot._meta.db_table,
        SLOT_COLUMNS,
        (
            (s.roster_id, s.unit_id, *s.shift.values, s.shift.label, s.day_kind,
             s.officers_required, s.leader_required)
            for s in slots
        ),
        returning=True,
    )  # fmt: skip


Job = tuple[Unit, Sequence[Rotation]]


@transaction.atomic
def rosters_generate(*, jobs: Sequence[Job], months: Sequence[date], acting_user: User) -> int:
    """Create each unit's slots for the months from its rotations' pattern and fill each role by
    turns, skipping members on approved leave or already on another slot at that time. Slots
    that exist already and their people (overrides) are kept. Returns the number of people
    placed. Refused, whole, if any month is published (locked)."""
    with bulk.gc_paused():
        return _generate(jobs, months, acting_user)


def _generate(jobs: Sequence[Job], months: Sequence[date], acting_user: User) -> int:
    rosters = _rosters([unit for unit, _ in jobs], months)
    by_unit: dict[int, list[RosterMonth]] = defaultdict(list)
    for roster in rosters:
        by_unit[roster.unit_id].append(roster)
    patterns = {}
    for unit, rotations in jobs:
        _check(by_unit[unit.pk], rotations, acting_user)
        patterns[unit.pk] = rotations[0].pattern
    planned = _plan(rosters, patterns)
    everything = [s for slots in planned.values() for s in slots]
    if not everything:
        return 0
    ids, stored_seats = _stored([r.pk for r in rosters])
    new = [s for s in everything if (s.unit_id, s.shift.start) not in ids]
    ids.update(zip(((s.unit_id, s.shift.start) for s in new), _insert_slots(new), strict=True))
    members = {m for _, rotations in jobs for r in rotations for m in r.members}
    placer = Placer(
        leave_between(members, min(r.month for r in rosters), max(s.shift.day for s in everything)),
        busy_between(
            members, min(s.shift.start for s in everything), max(s.shift.end for s in everything)
        ),
    )
    for unit, rotations in jobs:
        slots = planned[unit.pk]
        keys = [(s.unit_id, s.shift.start) for s in slots]
        seats = [stored_seats.get(k) or {} for k in keys] if stored_seats else [{} for _ in keys]
        placer.fill(rotations, patterns[unit.pk], slots, [ids[k] for k in keys], seats)
    bulk.insert(
        DutyAssignment._meta.db_table, ("slot_id", "user_id", "role", "origin"), placer.rows
    )
    _events(rosters, everything, placer.count, acting_user)
    return len(placer.rows)


def _events(
    rosters: Sequence[RosterMonth], slots: Sequence[Slot], count: dict[int, int], user: User
) -> None:
    """One 生成排班 event on each roster's timeline."""
    per_roster: dict[int, int] = defaultdict(int)
    for slot in slots:
        per_roster[slot.roster_id] += 1
    now = bulk.datetime_value(timezone.now())
    source = current_source()
    json = connection.ops.adapt_json_value
    bulk.insert(
        DutyEvent._meta.db_table,
        ("kind", "action", "actor_id", "at", "from_status", "to_status", "changes", "text",
         "source", "roster_id"),
        ((DutyEventKind.GENERATED, "", user.pk, now, "", "",
          json({"slots": per_roster[r.pk]}, None), f"按轮值规则生成排班 {count[r.pk]} 人次",
          source, r.pk)
         for r in rosters),
    )  # fmt: skip


def roster_generate_months(
    *, unit: Unit, months: Sequence[date], rotations: Sequence[Rotation], acting_user: User
) -> int:
    """One unit's months (a year in one step)."""
    return rosters_generate(jobs=[(unit, rotations)], months=months, acting_user=acting_user)


def roster_generate(
    *, roster: RosterMonth, rotations: Sequence[Rotation], acting_user: User
) -> int:
    """One month (the roster screen's 生成)."""
    require_draft(roster)
    return rosters_generate(
        jobs=[(roster.unit, rotations)], months=[roster.month], acting_user=acting_user
    )


@transaction.atomic
def setup_and_generate(
    *,
    unit: Unit,
    month: date,
    kind: str,
    officers: list[User],
    leaders: list[User],
    acting_user: User,
    pattern: ShiftPattern | None = None,
) -> RosterMonth:
    """The roster screen's (and the API's) one step: the unit's pattern of this kind (or the
    custom `pattern` chosen), this month's two rotations (officers, leaders), the month
    generated."""
    if pattern is not None:
        if pattern.unit_id != unit.pk:
            raise ApplicationError("请选择本单位的班次模式。", field="kind", code="invalid")
        kind = pattern.kind
    if kind not in ShiftKind.values or (kind == ShiftKind.CUSTOM and pattern is None):
        raise ApplicationError(
            "请选择班次类型：24小时班、白班/夜班、值周或本单位的自定义班次模式。",
            field="kind",
            code="invalid",
        )
    pattern = (
        pattern
        or ShiftPattern.objects.filter(unit=unit, kind=kind).order_by("id").first()
        or pattern_create(unit=unit, name=ShiftKind(kind).label, kind=kind, acting_user=acting_user)
    )
    label = f"{month.year}年{month.month}月"

    def anchor(role: str, members: list[User]) -> date:
        """A weekly rota (值周) goes on from where last month's left off: the same people in
        the same order keep the earlier anchor, so the week across the month's start is one
        pair's week. Other rotations start with the month."""
        if kind != ShiftKind.WEEKLY:
            return month
        earlier = (
            Rotation.objects.filter(
                unit=unit, pattern=pattern, role=role, members=[m.pk for m in members],
                anchor__lt=month,
            )
            .order_by("anchor")
            .first()
        )  # fmt: skip
        return earlier.anchor if earlier else month - timedelta(days=month.weekday())

    rotations = [
        rotation_create(
            unit=unit,
            name=f"{label}值班人员",
            pattern=pattern,
            role=DutyRole.OFFICER,
            members=officers,
            anchor=anchor(DutyRole.OFFICER, officers),
            step_by_day=kind == ShiftKind.FULL_DAY,
            acting_user=acting_user,
        )
    ]
    if leaders:
        rotations.append(
            rotation_create(
                unit=unit,
                name=f"{label}带班领导",
                pattern=pattern,
                role=DutyRole.LEADER,
                members=leaders,
                anchor=anchor(DutyRole.LEADER, leaders),
                acting_user=acting_user,
            )
        )
    roster = roster_month_get(unit=unit, month=month)
    roster_generate(roster=roster, rotations=rotations, acting_user=acting_user)
    return roster
