"""Generating rosters from rotations: the slots of each day against the statutory calendar, each
role filled by turns, skipping people on approved leave or already on duty at that time.

A whole year of one unit (or many units) is one pass: the calendar, the special periods, the
duty posts, the existing slots, the leave and the people's other shifts are each read once for
the whole range, and the new slots and assignments are written with one multi-row insert each
(`_insert`): generating 300 units' year is a few seconds of Python, not 3,600 transactions of
ORM objects (docs/performance.md, "Duty")."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from huajie.common.errors import ApplicationError
from huajie.common.scoping import require_writable
from huajie.orgs.models import Unit, User

from ..models import (
    AssignmentOrigin,
    DayKind,
    DutyAssignment,
    DutyEvent,
    DutyEventKind,
    DutyPost,
    DutyRole,
    DutySlot,
    LeaveRequest,
    LeaveStatus,
    RosterMonth,
    Rotation,
    ShiftKind,
    ShiftPattern,
    SpecialPeriod,
)
from ..queries import Epoch
from .calendar import ancestor_ids, day_kinds, parse_hhmm
from .roster import (
    month_bounds,
    pattern_create,
    require_draft,
    roster_month_get,
    rotation_create,
)

Key = tuple[int, int]  # (unit, start in seconds since 1970): a slot, new or stored


@dataclass(slots=True)
class _Slot:
    roster_id: int
    unit_id: int
    day: date
    label: str
    starts_at: datetime
    ends_at: datetime
    officers_required: int
    leader_required: bool
    day_kind: str
    start: int = 0  # seconds since 1970, the key with the unit
    end: int = 0

    def __post_init__(self) -> None:
        self.start, self.end = int(self.starts_at.timestamp()), int(self.ends_at.timestamp())


ROWS_PER_STATEMENT = 500


def _insert(table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Multi-row INSERTs of plain values, 500 rows a statement: the ORM's bulk_create builds an
    object and compiles a placeholder per field and row, and one statement per row is a round
    trip per row on PostgreSQL."""
    q = connection.ops.quote_name
    head = f"INSERT INTO {q(table)} ({', '.join(q(c) for c in columns)}) VALUES "  # noqa: S608 - names from the model
    one = "(" + ", ".join(["%s"] * len(columns)) + ")"
    batch: list[Any] = []
    n = 0

    def flush(cursor: Any) -> None:
        cursor.execute(head + ", ".join([one] * n), batch)

    with connection.cursor() as cursor:
        for row in rows:
            batch.extend(row)
            n += 1
            if n == ROWS_PER_STATEMENT:
                flush(cursor)
                batch, n = [], 0
        if n:
            flush(cursor)


def _datetime_adapter() -> Any:
    """How a datetime goes into the database: SQLite keeps UTC text (what Django's adapter
    writes, without its per-value checks), PostgreSQL takes the aware value."""
    if connection.vendor == "sqlite" and connection.timezone == UTC:
        return lambda dt: str(dt.astimezone(UTC).replace(tzinfo=None))
    return connection.ops.adapt_datetimefield_value


def _insert_slots(slots: Iterable[_Slot]) -> None:
    ops = connection.ops
    adapt = _datetime_adapter()
    _insert(
        DutySlot._meta.db_table,
        ("roster_id", "unit_id", "day", "label", "starts_at", "ends_at", "day_kind",
         "officers_required", "leader_required"),
        (
            (s.roster_id, s.unit_id, ops.adapt_datefield_value(s.day), s.label,
             adapt(s.starts_at), adapt(s.ends_at),
             s.day_kind, s.officers_required, s.leader_required)
            for s in slots
        ),
    )  # fmt: skip


def _slot_ids(roster_ids: Sequence[int]) -> dict[Key, int]:
    """Every slot of the rosters by (unit, start second): integers from the database, no
    datetime converted."""
    rows = (
        DutySlot.objects.filter(roster_id__in=roster_ids)
        .annotate(ts=Epoch("starts_at"))
        .values_list("id", "unit_id", "ts")
    )
    return {(unit_id, ts): pk for pk, unit_id, ts in rows}


def _plan(
    rosters: Sequence[RosterMonth], shifts_of: dict[int, list[dict[str, Any]]], weekly: set[int]
) -> list[_Slot]:
    """The slots each roster's pattern gives for its month, with the officers each day needs
    (the unit's post, raised by any special period covering the day). A weekly rota (值周) has
    its slots on working days only (调休 Saturdays included)."""
    first = min(r.month for r in rosters)
    last = month_bounds(max(r.month for r in rosters))[1]
    kinds = day_kinds(first, last)
    unit_ids = {r.unit_id for r in rosters}
    posts = {p.unit_id: p for p in DutyPost.objects.filter(unit_id__in=unit_ids)}
    units = {u.pk: u for u in Unit.objects.filter(pk__in=unit_ids).only("id", "path")}
    above = {pk: set(ancestor_ids(u)) for pk, u in units.items()}
    periods = list(
        SpecialPeriod.objects.filter(
            unit_id__in={a for ids in above.values() for a in ids},
            starts_on__lte=last,
            ends_on__gte=first,
        ).values_list("unit_id", "starts_on", "ends_on", "officers_per_slot")
    )
    zone = timezone.get_current_timezone()
    working = {DayKind.WORKDAY, DayKind.MAKEUP}
    out = []
    for roster in rosters:
        post = posts.get(roster.unit_id) or DutyPost(unit_id=roster.unit_id)
        mine = [p for p in periods if p[0] in above[roster.unit_id]]
        shifts = [
            (s["label"], parse_hhmm(s["start"]), timedelta(minutes=int(s["minutes"])))
            for s in shifts_of[roster.pk]
        ]
        month_first, month_last = month_bounds(roster.month)
        day = month_first
        while day <= month_last:
            kind = kinds[day]
            if roster.unit_id in weekly and kind not in working:
                day += ONE_DAY
                continue
            needed = max([post.officers_per_slot] + [n for _, a, b, n in mine if a <= day <= b])
            for label, start, length in shifts:
                starts = datetime.combine(day, start, tzinfo=zone)
                out.append(
                    _Slot(roster.pk, roster.unit_id, day, label, starts, starts + length,
                          needed, post.requires_leader, kind)
                )  # fmt: skip
            day += ONE_DAY
    return out


def _leave(user_ids: set[int], first: date, last: date) -> dict[int, list[tuple[date, date]]]:
    out: dict[int, list[tuple[date, date]]] = defaultdict(list)
    for user_id, start, end in LeaveRequest.objects.filter(
        user_id__in=user_ids, status=LeaveStatus.APPROVED, starts_on__lte=last, ends_on__gte=first
    ).values_list("user_id", "starts_on", "ends_on"):
        out[user_id].append((start, end))
    return out


DAY = 86400
ONE_DAY = timedelta(days=1)


class _Busy:
    """Each person's shifts bucketed by UTC day of their start, so "is she already on duty then?"
    looks at a few buckets instead of the whole year of her shifts."""

    def __init__(self) -> None:
        self.by_user: dict[int, dict[int, list[tuple[float, float]]]] = defaultdict(
            lambda: defaultdict(list)
        )
        self.reach = 1  # the longest shift seen, in days (rounded up)

    def add(self, user_id: int, s: float, e: float) -> None:
        self.reach = max(self.reach, int((e - s) // DAY) + 1)
        self.by_user[user_id][int(s // DAY)].append((s, e))

    def clashes(self, user_id: int, start: int, end: int) -> bool:
        buckets = self.by_user.get(user_id)
        if not buckets:
            return False
        for key in range(int(start // DAY) - self.reach, int(end // DAY) + 1):
            for s, e in buckets.get(key, ()):
                if s < end and start < e:
                    return True
        return False


def _busy(user_ids: set[int], start: datetime, end: datetime) -> _Busy:
    busy = _Busy()
    for user_id, s, e in DutyAssignment.objects.filter(
        user_id__in=user_ids, slot__starts_at__lt=end, slot__ends_at__gt=start
    ).values_list("user_id", "slot__starts_at", "slot__ends_at"):
        busy.add(user_id, s.timestamp(), e.timestamp())
    return busy


class _Placer:
    """Fills the open places of slots by turns; remembers who is placed where."""

    def __init__(
        self,
        filled: dict[Key, dict[str, set[int]]],
        leave: dict[int, list[tuple[date, date]]],
        busy: _Busy,
    ) -> None:
        self.filled, self.leave, self.busy = filled, leave, busy

    def free(self, user_id: int, slot: _Slot) -> bool:
        if any(a <= slot.day <= b for a, b in self.leave.get(user_id, ())):
            return False
        return not self.busy.clashes(user_id, slot.start, slot.end)

    def place(self, rotation: Rotation, slot: _Slot, turn: int) -> list[int]:
        """The members who take the slot's open places in `rotation.role`, from `turn` on (a
        slot needing two officers takes this turn's and the next)."""
        here = self.filled[(slot.unit_id, slot.start)]
        need = 1 if rotation.role == DutyRole.LEADER else slot.officers_required
        members, placed = rotation.members, []
        taken = here[rotation.role]
        for offset in range(len(members)):
            if len(taken) >= need:
                break
            user_id = members[(turn * need + offset) % len(members)]
            if user_id in here[DutyRole.LEADER] or user_id in here[DutyRole.OFFICER]:
                continue
            if not self.free(user_id, slot):
                continue
            taken.add(user_id)
            self.busy.add(user_id, slot.start, slot.end)
            placed.append(user_id)
        return placed


def _rosters(units: Sequence[Unit], months: Sequence[date]) -> list[RosterMonth]:
    wanted = sorted({m.replace(day=1) for m in months})
    ids = [u.pk for u in units]

    def load() -> dict[tuple[int, date], RosterMonth]:
        rows = RosterMonth.objects.filter(unit_id__in=ids, month__in=wanted)
        return {(r.unit_id, r.month): r for r in rows}

    have = load()
    missing = [RosterMonth(unit_id=u, month=m) for u in ids for m in wanted if (u, m) not in have]
    if missing:
        RosterMonth.objects.bulk_create(missing)
        have = load()
    by_id = {u.pk: u for u in units}
    for roster in have.values():
        roster.unit = by_id[roster.unit_id]
    return [have[(u, m)] for u in ids for m in wanted]


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


def _turn(rotation: Rotation, pattern: ShiftPattern, slot: _Slot, index: dict[str, int]) -> int:
    """Whose turn a slot is: days since the anchor (one step a day), shifts since it (one step a
    shift), or weeks since the anchor's Monday for a weekly rota (值周)."""
    days = (slot.day - rotation.anchor).days
    if pattern.kind == ShiftKind.WEEKLY:
        return (days + rotation.anchor.weekday()) // 7
    if rotation.step_by_day:
        return days
    return days * len(pattern.shifts) + index.get(slot.label, 0)


Job = tuple[Unit, Sequence[Rotation]]


@transaction.atomic
def rosters_generate(*, jobs: Sequence[Job], months: Sequence[date], acting_user: User) -> int:
    """Create each unit's slots for the months from its rotations' pattern and fill each role by
    turns, skipping members on approved leave or already on another slot at that time. Slots
    that exist already and their people (overrides) are kept. Returns the number of people
    placed. Refused, whole, if any month is published (locked)."""
    units = [unit for unit, _ in jobs]
    rosters = _rosters(units, months)
    by_unit: dict[int, list[RosterMonth]] = defaultdict(list)
    for roster in rosters:
        by_unit[roster.unit_id].append(roster)
    patterns = {}
    for unit, rotations in jobs:
        _check(by_unit[unit.pk], rotations, acting_user)
        patterns[unit.pk] = rotations[0].pattern
    shifts_of = {r.pk: patterns[r.unit_id].shifts for r in rosters}
    weekly = {u for u, p in patterns.items() if p.kind == ShiftKind.WEEKLY}
    planned = _plan(rosters, shifts_of, weekly)
    if not planned:
        return 0
    roster_ids = [r.pk for r in rosters]
    stored = _slot_ids(roster_ids)
    filled: dict[Key, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    slot_keys = {pk: key for key, pk in stored.items()}
    for slot_id, user_id, role in DutyAssignment.objects.filter(
        slot__roster_id__in=roster_ids
    ).values_list("slot_id", "user_id", "role"):
        filled[slot_keys[slot_id]][role].add(user_id)
    new = [s for s in planned if (s.unit_id, s.start) not in stored]
    if new:
        _insert_slots(new)
        stored = _slot_ids(roster_ids)
    members = {m for _, rotations in jobs for r in rotations for m in r.members}
    placer = _Placer(
        filled,
        _leave(members, planned[0].day, max(s.day for s in planned)),
        _busy(members, min(s.starts_at for s in planned), max(s.ends_at for s in planned)),
    )
    by_unit_slots: dict[int, list[_Slot]] = defaultdict(list)
    for slot in planned:
        by_unit_slots[slot.unit_id].append(slot)
    rows: list[tuple[_Slot, int, str]] = []
    count: dict[int, int] = defaultdict(int)
    for unit, rotations in jobs:
        pattern = patterns[unit.pk]
        index = {shift["label"]: i for i, shift in enumerate(pattern.shifts)}
        for rotation in rotations:
            for slot in by_unit_slots[unit.pk]:
                for user_id in placer.place(rotation, slot, _turn(rotation, pattern, slot, index)):
                    rows.append((slot, user_id, rotation.role))
                    count[slot.roster_id] += 1
    _insert(
        DutyAssignment._meta.db_table,
        ("slot_id", "user_id", "role", "origin"),
        (
            (stored[(slot.unit_id, slot.start)], user_id, role, AssignmentOrigin.ROTATION)
            for slot, user_id, role in rows
        ),
    )
    per_roster: dict[int, int] = defaultdict(int)
    for slot in planned:
        per_roster[slot.roster_id] += 1
    DutyEvent.objects.bulk_create(
        [
            DutyEvent(
                kind=DutyEventKind.GENERATED,
                actor=acting_user,
                roster=r,
                text=f"按轮值规则生成排班 {count[r.pk]} 人次",
                changes={"slots": per_roster[r.pk]},
            )
            for r in rosters
        ]
    )
    return len(rows)


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
) -> RosterMonth:
    """The roster screen's (and the API's) one step: the unit's pattern of this kind, this
    month's two rotations (officers, leaders), the month generated."""
    if kind not in ShiftKind.values:
        raise ApplicationError(
            "请选择班次类型：24小时班、白班/夜班或值周。", field="kind", code="invalid"
        )
    pattern = ShiftPattern.objects.filter(unit=unit, kind=kind).first() or pattern_create(
        unit=unit, name=ShiftKind(kind).label, kind=kind, acting_user=acting_user
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
