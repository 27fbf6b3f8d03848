"""One synthetic case's life: which stages it reached by today, with the clocks the services
would have written (`services/actions.py`, `services/aftercare.py`).

Dates are day ordinals. Due dates come from the real statutory calendar through `DueDates`, which
asks `huajie.deadlines` once per (rule, start, extension) and remembers the answer.

Simplifications, on purpose: a stopped objection window of a case past assignment is not written
(only an open one is), transfers appear only as cases still awaiting the receiving organ, and no
处理意见书 (`Reply`) documents are written — the case's decision and reply date are.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Generic, TypeVar

from huajie.deadlines import (
    DeadlineRule,
    MissingScheduleError,
    WorkingCalendar,
    clock_extend,
    clock_start,
)
from huajie.petitions.models import RULE_FOR_CLOCK, WINDOW_KINDS
from huajie.petitions.states import Status
from huajie.timelimits.rules import rules_by_code

T = TypeVar("T")
ROUTE, ACC, OBJ, HANDLING = "route", "acceptance_notice", "objection", "handling"
REVIEW_REQ, REVIEW_ANS, REREVIEW_REQ = "review_request", "review_answer", "rereview_request"
WINDOWS = WINDOW_KINDS

# Where a stuck case (one whose current stage outlived its limit) stopped, and how often.
STUCK_STAGES = (
    ("registered", 10),
    ("transferred", 5),
    ("accepted", 15),
    ("assigned", 15),
    ("handling", 50),
    ("under_review", 5),
)
STUCK_SHARE = 0.07
NOT_ACCEPTED_SHARE = 0.06
TRANSFER_SHARE = 0.04
REVIEW_SHARE = 0.03
EXTENSION_SHARE = 0.08
LATE_REPLY_SHARE = 0.06


class Dice(random.Random):
    """`random.Random` with quicker `randint` and `choice` (a multiply instead of rejection
    sampling; the bias is below 1e-9 for the small ranges used here) and `weighted` tables."""

    def randint(self, a: int, b: int) -> int:
        return a + int(self.random() * (b - a + 1))

    def choice(self, seq):
        return seq[int(self.random() * len(seq))]

    def weighted(self, table: WeightedTable[T]) -> T:
        return table.slots[int(self.random() * len(table.slots))]


class WeightedTable(Generic[T]):
    """Values laid out in proportion to integer weights, for a constant-time weighted pick."""

    def __init__(self, pairs: Sequence[tuple[T, int]]) -> None:
        self.slots: list[T] = [value for value, weight in pairs for _ in range(weight)]


class DueDates:
    """Due date and calendar version per (clock kind, start, extension), from the real rules."""

    def __init__(self, calendar: WorkingCalendar) -> None:
        self.calendar = calendar
        rules = rules_by_code(RULE_FOR_CLOCK.values())
        self.rules: dict[str, DeadlineRule] = {
            str(kind): rules[code] for kind, code in RULE_FOR_CLOCK.items()
        }
        self._cache: dict[tuple[str, int, int], tuple[int, str]] = {}

    def due(self, kind: str, start: int, extension: int = 0) -> tuple[int, str]:
        """Raises MissingScheduleError when the limit runs into a year with no schedule."""
        key = (kind, start, extension)
        found = self._cache.get(key)
        if found is None:
            clock = clock_start(self.calendar, self.rules[kind], date.fromordinal(start))
            if extension:
                clock = clock_extend(self.calendar, clock, extension)
            assert clock.due is not None  # noqa: S101 - a running clock has a due date
            found = self._cache[key] = (clock.due.toordinal(), clock.calendar_version)
        return found


@dataclass
class ClockRow:
    kind: str
    start: int
    due: int
    version: str
    round: int = 1
    stopped: int | None = None
    outcome: str = ""
    extension: int = 0
    extension_on: int | None = None


@dataclass
class Life:
    """What happened to one case up to today."""

    status: str = Status.REGISTERED
    version: int = 1
    clocks: list[ClockRow] = field(default_factory=list)
    last_day: int = 0
    handled: bool = False  # has a handling unit, handler and leader
    accepted: int | None = None
    replied: int | None = None
    evaluated: int | None = None
    closed: int | None = None
    archived: int | None = None
    not_accepted: bool = False
    transferred: bool = False
    review_requested: int | None = None
    review_answered: int | None = None


class Simulator:
    def __init__(self, rng: Dice, dues: DueDates, today: int) -> None:
        self.rng, self.dues, self.today = rng, dues, today
        self._stuck = WeightedTable(STUCK_STAGES)

    # -- clocks ----------------------------------------------------------------------------------
    def _open(self, life: Life, kind: str, start: int, round_: int = 1) -> ClockRow:
        due, version = self.dues.due(kind, start)
        row = ClockRow(kind, start, due, version, round_)
        life.clocks.append(row)
        return row

    @staticmethod
    def _stop(row: ClockRow, on: int, *, judged: bool = True) -> None:
        row.stopped = on
        if judged and row.kind not in WINDOWS:
            row.outcome = "on_time" if on <= row.due else "late"

    def _clock(self, life: Life, kind: str) -> ClockRow:
        return next(c for c in reversed(life.clocks) if c.kind == kind and c.stopped is None)

    def _step(self, life: Life, status: str, on: int) -> None:
        life.status, life.last_day = status, on
        life.version += 1

    # -- the life --------------------------------------------------------------------------------
    def live(self, received: int) -> Life:
        rng, today = self.rng, self.today
        life = Life(last_day=received)
        self._open(life, ROUTE, received)
        self._open(life, ACC, received)
        stuck = rng.weighted(self._stuck) if rng.random() < STUCK_SHARE else ""
        late_route = rng.random() < 0.03
        routed = received + (rng.randint(16, 25) if late_route else rng.randint(0, 12))
        if stuck == "registered" or routed > today:
            return life
        fate = rng.random()
        if fate < NOT_ACCEPTED_SHARE and not stuck:
            return self._not_accepted(life, routed)
        if stuck == "transferred" or (
            fate < NOT_ACCEPTED_SHARE + TRANSFER_SHARE and routed + 10 > today
        ):
            return self._transferred(life, routed)
        try:
            return self._accepted(life, routed, stuck)
        except MissingScheduleError:
            # The next limit would run into a year nobody has entered a schedule for: the real
            # service refuses that step, so the case waits where it is. Every step opens its
            # clock before changing anything else, so `life` is the state before the refusal.
            return life

    def _not_accepted(self, life: Life, on: int) -> Life:
        for row in life.clocks:
            self._stop(row, on)
        life.not_accepted = True
        self._step(life, Status.NOT_ACCEPTED, on)
        archived = on + self.rng.randint(20, 90)
        if archived <= self.today:
            life.archived = archived
            self._step(life, Status.ARCHIVED, archived)
        return life

    def _transferred(self, life: Life, on: int) -> Life:
        route, acc = life.clocks
        self._open(life, ACC, on, round_=2)
        self._open(life, OBJ, on)
        self._stop(route, on)
        self._stop(acc, on, judged=False)  # superseded by the receiver's notice
        life.transferred = True
        self._step(life, Status.TRANSFERRED, on)
        return life

    def _accepted(self, life: Life, on: int, stuck: str) -> Life:
        rng, today = self.rng, self.today
        self._open(life, HANDLING, on)
        for row in life.clocks[:2]:
            self._stop(row, on)
        life.accepted = on
        self._step(life, Status.ACCEPTED, on)
        assigned = on + rng.randint(0, 3)
        if stuck == "accepted" or assigned > today:
            return life
        life.handled = True
        self._step(life, Status.ASSIGNED, assigned)
        started = assigned + rng.randint(0, 2)
        if stuck == "assigned" or started > today:
            self._open(life, OBJ, assigned)
            return life
        self._step(life, Status.HANDLING, started)
        handling = self._clock(life, HANDLING)
        roll = rng.random()
        if roll < EXTENSION_SHARE:
            extension = rng.randint(10, 30)
            extended_on = on + rng.randint(45, 58)
            if extended_on <= today:
                handling.due, handling.version = self.dues.due(HANDLING, on, extension)
                handling.extension, handling.extension_on = extension, extended_on
                life.version += 1
            took = rng.randint(50, 60 + extension)
        elif roll < EXTENSION_SHARE + LATE_REPLY_SHARE:
            took = rng.randint(61, 85)
        else:
            took = rng.randint(7, 58)
        replied = max(started, on + took)
        if stuck == "handling" or replied > today:
            return life
        self._reply(life, handling, replied)
        return self._after_reply(life, replied, stuck)

    def _reply(self, life: Life, handling: ClockRow, on: int) -> None:
        self._open(life, REVIEW_REQ, on)
        self._stop(handling, on)
        life.replied = on
        self._step(life, Status.REPLIED, on)

    def _after_reply(self, life: Life, replied: int, stuck: str) -> Life:
        rng, today = self.rng, self.today
        if rng.random() < 0.75:
            evaluated = replied + rng.randint(1, 10)
            if evaluated <= today:
                life.evaluated = evaluated
                self._step(life, Status.EVALUATED, evaluated)
        if stuck == "under_review" or rng.random() < REVIEW_SHARE:
            return self._review(life, replied, stuck)
        closed = max(replied, life.evaluated or 0) + rng.randint(1, 15)
        if closed > today:
            return life
        life.closed = closed
        self._step(life, Status.CLOSED, closed)
        return self._archive(life, closed)

    def _review(self, life: Life, replied: int, stuck: str) -> Life:
        rng, today = self.rng, self.today
        requested = replied + rng.randint(max(11, (life.evaluated or 0) - replied + 1), 29)
        if requested > today:
            return life
        window = self._clock(life, REVIEW_REQ)
        self._open(life, REVIEW_ANS, requested)
        self._stop(window, requested)
        life.review_requested = requested
        self._step(life, Status.UNDER_REVIEW, requested)
        answered = requested + rng.randint(10, 35)
        if stuck == "under_review" or answered > today:
            return life
        answer = self._clock(life, REVIEW_ANS)
        self._open(life, REREVIEW_REQ, answered)
        self._stop(answer, answered)
        life.review_answered = life.closed = answered
        self._step(life, Status.CLOSED, answered)
        return self._archive(life, answered)

    def _archive(self, life: Life, closed: int) -> Life:
        archived = closed + self.rng.randint(30, 120)
        if archived <= self.today:
            for row in life.clocks:
                if row.stopped is None:
                    self._stop(row, archived)
            life.archived = archived
            self._step(life, Status.ARCHIVED, archived)
        return life
