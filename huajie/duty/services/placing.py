"""Placing people on generated slots by turns: the shifts of a plan, who is busy when, and the
loop that fills each slot's open places (the hot loop of a year's generation: 219,000 places for
300 units, so it works on integers and tuples, not on model instances)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, NamedTuple

from django.utils import timezone

from ..models import (
    AssignmentOrigin,
    DutyAssignment,
    DutyRole,
    LeaveRequest,
    LeaveStatus,
    Rotation,
    ShiftKind,
    ShiftPattern,
)
from ..queries import Epoch

DAY = 86400


class Shift(NamedTuple):
    """One shift of one day, shared by every unit whose pattern has it."""

    day: date
    ordinal: int  # the day's ordinal, for the turns
    position: int  # the shift's place in the pattern's day
    label: str
    start: int  # seconds since 1970
    end: int
    utc_days: tuple[int, ...]  # the UTC days (since 1970) it touches
    values: tuple[Any, Any, Any]  # day, start, end as the database takes them


class Slot(NamedTuple):
    roster_id: int
    unit_id: int
    shift: Shift
    day_kind: str
    officers_required: int
    leader_required: bool


def utc_days(start: int, end: int) -> tuple[int, ...]:
    return tuple(range(start // DAY, (end - 1) // DAY + 1))


Busy = dict[int, dict[int, list[tuple[int, int]]]]  # user -> UTC day -> shifts touching it


def busy_between(user_ids: set[int], start: int, end: int) -> Busy:
    """The people's shifts already stored between `start` and `end` (seconds since 1970), each
    filed under every UTC day it touches, so "is she already on duty then?" looks at the one or
    two days of the new shift instead of her whole year."""
    busy: Busy = {}
    zone = timezone.get_current_timezone()
    for user_id, s, e in (
        DutyAssignment.objects.filter(
            user_id__in=user_ids,
            slot__starts_at__lt=datetime.fromtimestamp(end, zone),
            slot__ends_at__gt=datetime.fromtimestamp(start, zone),
        )
        .annotate(s=Epoch("slot__starts_at"), e=Epoch("slot__ends_at"))
        .values_list("user_id", "s", "e")
    ):
        days = busy.setdefault(user_id, {})
        for key in utc_days(s, e):
            days.setdefault(key, []).append((s, e))
    return busy


def leave_between(
    user_ids: set[int], first: date, last: date
) -> dict[int, list[tuple[date, date]]]:
    out: dict[int, list[tuple[date, date]]] = defaultdict(list)
    for user_id, start, end in LeaveRequest.objects.filter(
        user_id__in=user_ids, status=LeaveStatus.APPROVED, starts_on__lte=last, ends_on__gte=first
    ).values_list("user_id", "starts_on", "ends_on"):
        out[user_id].append((start, end))
    return out


def _clashes(
    days: dict[int, list[tuple[int, int]]], start: int, end: int, keys: tuple[int, ...]
) -> bool:
    for key in keys:
        for s, e in days.get(key, ()):
            if s < end and start < e:
                return True
    return False


class Placer:
    """Fills slots' open places by turns, skipping people on leave or on duty elsewhere then;
    collects the rows to insert (slot id, user, role, origin) and the count per roster."""

    def __init__(self, leave: dict[int, list[tuple[date, date]]], busy: Busy) -> None:
        self.leave, self.busy = leave, busy
        self.rows: list[tuple[int, int, str, str]] = []
        self.count: dict[int, int] = defaultdict(int)

    def fill(
        self,
        rotations: Sequence[Rotation],
        pattern: ShiftPattern,
        slots: Sequence[Slot],
        slot_ids: Sequence[int],
        seats: Sequence[dict[int, str]],
    ) -> None:
        """Each rotation's role on each slot, by turns (a slot needing two officers takes this
        turn's member and the next); `seats` is who is on each slot already ({user: role}).

        Whose turn: days since the anchor (one step a day), shifts since it (one step a
        shift), or weeks since the anchor's Monday for a weekly rota (值周)."""
        leave, busy, append, count = self.leave, self.busy, self.rows.append, self.count
        origin, per_day = AssignmentOrigin.ROTATION, len(pattern.shifts)
        weekly = pattern.kind == ShiftKind.WEEKLY
        for rotation in rotations:
            members, role = rotation.members, rotation.role
            size, leader = len(members), role == DutyRole.LEADER
            base, monday = rotation.anchor.toordinal(), rotation.anchor.weekday()
            by_shift = not weekly and not rotation.step_by_day
            for i, slot in enumerate(slots):
                here = seats[i]
                need = 1 if leader else slot.officers_required
                have = [*here.values()].count(role) if here else 0
                if have >= need:
                    continue
                shift = slot.shift
                start, end, keys = shift.start, shift.end, shift.utc_days
                span = (start, end)
                days = shift.ordinal - base
                if weekly:
                    turn = (days + monday) // 7
                else:
                    turn = days * per_day + shift.position if by_shift else days
                for offset in range(size):
                    user_id = members[(turn * need + offset) % size]
                    if user_id in here:
                        continue
                    away = leave.get(user_id)
                    if away and any(a <= shift.day <= b for a, b in away):
                        continue
                    mine = busy.get(user_id)
                    if mine is None:
                        mine = busy[user_id] = {}
                    elif _clashes(mine, start, end, keys):
                        continue
                    for key in keys:
                        if key in mine:
                            mine[key].append(span)
                        else:
                            mine[key] = [span]
                    here[user_id] = role
                    append((slot_ids[i], user_id, role, origin))
                    count[slot.roster_id] += 1
                    have += 1
                    if have >= need:
                        break
