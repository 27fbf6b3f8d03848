"""One synthetic case moved along the petitions' transition table, without the database.

`Life` stands in for a `Petition` row: its status, the fields the steps set (dates, handling
unit, handler, responsible leader) and the attributes the table's conditions read (`unit_id`,
`handling_unit_id`); `ClockRow` stands in for a `PetitionClock`. `Steps.take(life, action, on,
**fields)` does what `Workflow.transition` does to them: it checks that the case's status is one
the step leaves from (`huajie.petitions.states.TRANSITIONS`), sets the step's fields, applies the
step's clock effects the way `timelimits.plan.ClockPlan` does — open (the next round of a kind
that ran before), stop (a staff limit's outcome frozen against its due date; a window gets
none), supersede (no outcome) — and moves the status. `Steps.extend` is `ClockPlan.extend` with
the conditions `petition_extend` checks. Registration's first clocks are those
`petition_register` opens.

Dates are day ordinals. Due dates come from the real statutory calendar through `DueDates`, which
asks `huajie.deadlines` once per (clock kind, start, extension) and remembers the answer; a limit
that runs into a year with no holiday schedule raises `MissingScheduleError` before anything
changes, as the services refuse such a step.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from huajie.deadlines import (
    DeadlineRule,
    MissingScheduleError,
    WorkingCalendar,
    clock_extend,
    clock_start,
)
from huajie.petitions.clocks import RULE_FOR_CLOCK, ClockKind
from huajie.petitions.rules import EXTENDABLE
from huajie.petitions.states import TRANSITIONS, Status
from huajie.timelimits.models import Outcome
from huajie.timelimits.plan import Op
from huajie.timelimits.rules import typed_rules
from huajie.workflow.engine import Transition

# What `petition_register` opens on the day a case is received (services/intake.py). Kinds and
# statuses are kept as plain strings here: hashing an enum member is a Python call.
FIRST_CLOCKS = (str(ClockKind.ROUTE), str(ClockKind.ACCEPTANCE_NOTICE))
EXTENDABLE_STATUSES = frozenset(map(str, EXTENDABLE))
ON_TIME, LATE = Outcome.ON_TIME.value, Outcome.LATE.value
EXTEND = "extend"  # the one step in `Life.steps` that is not a transition


class DueDates:
    """Due date and calendar version per (clock kind, start, extension), from the rules in force
    (read once: the admin's rows, else the registered defaults)."""

    def __init__(self, calendar: WorkingCalendar) -> None:
        self.calendar = calendar
        rules = typed_rules(RULE_FOR_CLOCK.values(), DeadlineRule)
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
            assert clock.due is not None  # a running clock has a due date
            found = self._cache[key] = (clock.due.toordinal(), clock.calendar_version)
        return found


@dataclass(slots=True)
class ClockRow:
    kind: str
    round: int
    start: int
    due: int
    version: str
    window: bool  # the rule's: lapses, no outcome, never in `next_due`
    stopped: int | None = None
    outcome: str = ""
    extension: int = 0
    extension_on: int | None = None


class Life:
    """What happened to one case up to today."""

    def __init__(self, *, received: int, unit_id: int) -> None:
        self.received, self.unit_id = received, unit_id
        self.status = str(Status.REGISTERED)
        self.clocks: list[ClockRow] = []
        self.rounds: dict[str, int] = {}  # the latest round of each clock kind
        self.steps: list[tuple[str, int, int]] = []  # (action, day, extension days), in order
        self.handling_unit_id: int | None = None
        self.handler_id: int | None = None
        self.responsible_leader_id: int | None = None
        self.accepted_on: int | None = None
        self.replied_on: int | None = None
        self.evaluated_on: int | None = None
        self.closed_on: int | None = None
        self.archived_on: int | None = None
        self.not_accepted = False
        self.review_requested: int | None = None  # the `Review` row's dates
        self.review_answered: int | None = None

    @property
    def version(self) -> int:
        """Registration writes version 1; every step and the extension add one."""
        return 1 + len(self.steps)

    @property
    def last_day(self) -> int:
        return self.steps[-1][1] if self.steps else self.received

    def current(self, kind: str) -> ClockRow | None:
        """The open clock of `kind` (its latest round), as `ClockPlan.current`."""
        for row in reversed(self.clocks):
            if row.kind == kind and row.stopped is None:
                return row
        return None

    def next_due(self) -> int | None:
        """`Petition.next_due`: the nearest due date of the running staff limits."""
        dues = [c.due for c in self.clocks if c.stopped is None and not c.window]
        return min(dues) if dues else None


OPEN, STOP, SUPERSEDE = 0, 1, 2  # the effects as small ints: compared in the inner loop
_CODES = {Op.OPEN: OPEN, Op.STOP: STOP, Op.SUPERSEDE: SUPERSEDE}
Effect = tuple[int, str, Callable[[Any], bool] | None]  # (op, clock kind, condition)


@dataclass(frozen=True, slots=True)
class _Step:
    """A transition, read once: where it may leave from, where it goes, its clock effects."""

    sources: frozenset[str]
    target: str
    effects: tuple[Effect, ...]
    conditional: bool  # an effect has a condition on the case
    opens: bool


def _compile(t: Transition) -> _Step:
    unknown = [str(e.op) for e in t.effects if e.op not in _CODES]
    if unknown:
        raise NotImplementedError(
            f"{t.action}: the generator models the clock effects open, stop and supersede, not "
            f"{unknown}: teach bench/generator/case.py what they do."
        )
    effects = tuple((_CODES[e.op], str(e.kind), e.when) for e in t.effects)
    return _Step(
        frozenset(map(str, t.sources)),
        str(t.target),
        effects,
        conditional=any(e[2] is not None for e in effects),
        opens=any(e[0] == OPEN for e in effects),
    )


class Steps:
    """The transition table applied to `Life`s (one per batch; cheap: no query, no object per
    step beyond the clock rows)."""

    def __init__(self, dues: DueDates) -> None:
        self.dues = dues
        self._table = {t.action: _compile(t) for t in TRANSITIONS}
        self._windows = {kind: rule.window for kind, rule in dues.rules.items()}

    def registrable(self, day: int) -> bool:
        """Could a case received on `day` be registered (its first limits computed)?"""
        try:
            for kind in FIRST_CLOCKS:
                self.dues.due(kind, day)
        except MissingScheduleError:
            return False
        return True

    def register(self, life: Life) -> Life:
        for kind in FIRST_CLOCKS:
            self._open(life, kind, life.received, *self.dues.due(kind, life.received))
        return life

    def take(self, life: Life, action: str, on: int, **fields: object) -> None:
        """The step `action` on `on`, as `WORKFLOW.transition` would take it: the step's fields,
        then its clock effects in the table's order, then the status."""
        step = self._table[action]
        assert life.status in step.sources, f"{action} does not leave from {life.status}"
        state = vars(life)
        before = {name: state[name] for name in fields} if step.opens else {}
        state.update(fields)  # conditions read the case after the step's fields are set
        effects = step.effects
        if step.conditional:
            effects = tuple(e for e in effects if e[2] is None or e[2](life))
        if step.opens:
            try:  # every new limit first: a refused step changes nothing
                dues = [self.dues.due(kind, on) for op, kind, _ in effects if op == OPEN]
            except MissingScheduleError:
                state.update(before)
                raise
            opened = iter(dues)
        clocks = life.clocks
        for op, kind, _ in effects:
            if op == OPEN:
                self._open(life, kind, on, *next(opened))
                continue
            for row in reversed(clocks):  # `ClockPlan.stop` of the open round, if any
                if row.kind == kind and row.stopped is None:
                    row.stopped = on  # a window and a superseded clock get no outcome
                    if op == STOP and not row.window:
                        row.outcome = ON_TIME if on <= row.due else LATE
                    break
        life.status = step.target
        life.steps.append((action, on, 0))

    def extend(self, life: Life, kind: str, *, days: int, on: int) -> bool:
        """The one extension a limit allows (`ClockPlan.extend`, from `petition_extend`): while
        the case is extendable and the limit runs, once, by 1 to the rule's maximum of days, not
        after the limit expired. False where the service would refuse."""
        row = life.current(kind)
        most = self.dues.rules[kind].max_extension_days
        if (
            life.status not in EXTENDABLE_STATUSES
            or row is None
            or row.extension
            or on > row.due
            or most is None
            or not 1 <= days <= most
        ):
            return False
        row.due, row.version = self.dues.due(kind, row.start, days)
        row.extension, row.extension_on = days, on
        life.steps.append((EXTEND, on, days))
        return True

    def _open(self, life: Life, kind: str, on: int, due: int, version: str) -> None:
        """A new clock; a kind that ran before gets the next round."""
        rounds = life.rounds
        rounds[kind] = number = rounds.get(kind, 0) + 1
        life.clocks.append(ClockRow(kind, number, on, due, version, self._windows[kind]))
