"""Which steps one synthetic case reaches by today, and on which days.

The dice decide the path and the dates, in realistic shares; what each step does to the status
and the clocks is the transition table's, applied by `case.Steps` (the same table the services
run). Dates are day ordinals, each step on or after the one before, as the services require.

Simplifications, on purpose: transfers appear only as cases still awaiting the receiving organ,
nobody objects to an assignment or asks for a re-review, and no 处理意见书 (`Reply`) documents are
written — the case's decision and reply date are.
"""

from __future__ import annotations

from collections.abc import Sequence

from huajie.deadlines import MissingScheduleError
from huajie.petitions.clocks import ClockKind

from .case import DueDates, Life, Steps
from .dice import Dice, WeightedTable

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
HANDLING, REVIEW_REQUEST = str(ClockKind.HANDLING), str(ClockKind.REVIEW_REQUEST)


class Simulator:
    """Lives of cases registered at a desk; `handling` lists the (unit, handler) pairs a case
    may be assigned to, `leader_id` the responsible leader of every assignment."""

    def __init__(
        self,
        rng: Dice,
        dues: DueDates,
        today: int,
        *,
        handling: Sequence[tuple[int, int]],
        leader_id: int,
    ) -> None:
        self.rng, self.today = rng, today
        self.steps = Steps(dues)
        self.handling, self.leader_id = list(handling), leader_id
        self._others: dict[int, list[tuple[int, int]]] = {}
        self._stuck = WeightedTable(STUCK_STAGES)

    def live(self, received: int, unit_id: int) -> Life:
        rng, today = self.rng, self.today
        life = self.steps.register(Life(received=received, unit_id=unit_id))
        stuck = rng.weighted(self._stuck) if rng.random() < STUCK_SHARE else ""
        late_route = rng.random() < 0.03
        routed = received + (rng.randint(16, 25) if late_route else rng.randint(0, 12))
        if stuck == "registered" or routed > today:
            return life
        fate = rng.random()
        others = self._transfer_targets(unit_id)
        try:
            if fate < NOT_ACCEPTED_SHARE and not stuck:
                return self._not_accepted(life, routed)
            if others and (
                stuck == "transferred"
                or (fate < NOT_ACCEPTED_SHARE + TRANSFER_SHARE and routed + 10 > today)
            ):
                self.steps.take(life, "transfer", routed, handling_unit_id=rng.choice(others)[0])
                return life
            return self._accepted(life, routed, stuck)
        except MissingScheduleError:
            # The next limit would run into a year nobody has entered a schedule for: the real
            # service refuses that step, so the case waits where it is (`Steps` changes nothing
            # on a refused step).
            return life

    def _transfer_targets(self, unit_id: int) -> list[tuple[int, int]]:
        """Units a case may be transferred to: any handling unit but the registering one."""
        found = self._others.get(unit_id)
        if found is None:
            found = self._others[unit_id] = [h for h in self.handling if h[0] != unit_id]
        return found

    def _not_accepted(self, life: Life, on: int) -> Life:
        self.steps.take(life, "not_accept", on, not_accepted=True)
        archived = on + self.rng.randint(20, 90)
        if archived <= self.today:
            self.steps.take(life, "archive", archived, archived_on=archived)
        return life

    def _accepted(self, life: Life, on: int, stuck: str) -> Life:
        rng, today, take = self.rng, self.today, self.steps.take
        take(life, "accept", on, accepted_on=on)
        assigned = on + rng.randint(0, 3)
        if stuck == "accepted" or assigned > today:
            return life
        unit_id, handler_id = rng.choice(self.handling)
        take(
            life,
            "assign",
            assigned,
            handling_unit_id=unit_id,
            handler_id=handler_id,
            responsible_leader_id=self.leader_id,
        )
        started = assigned + rng.randint(0, 2)
        if stuck == "assigned" or started > today:
            return life
        take(life, "start_handling", started)
        replied = self._handling_days(life, on, started)
        if stuck == "handling" or replied > today:
            return life
        take(life, "reply", replied, replied_on=replied)
        return self._after_reply(life, replied, stuck)

    def _handling_days(self, life: Life, accepted: int, started: int) -> int:
        """The day of the reply: mostly well within the limit, some late, some after the one
        extension (asked for 45–58 days after acceptance, granted as the service would)."""
        rng, roll = self.rng, self.rng.random()
        if roll < EXTENSION_SHARE:
            most = self.steps.dues.rules[HANDLING].max_extension_days or 0
            days = rng.randint(min(10, most), most)
            asked = accepted + rng.randint(45, 58)
            took = rng.randint(50, 60 + days)
            if asked <= self.today and self.steps.extend(life, HANDLING, days=days, on=asked):
                return max(started, accepted + took, asked)
        elif roll < EXTENSION_SHARE + LATE_REPLY_SHARE:
            took = rng.randint(61, 85)
        else:
            took = rng.randint(7, 58)
        return max(started, accepted + took)

    def _after_reply(self, life: Life, replied: int, stuck: str) -> Life:
        rng, today, take = self.rng, self.today, self.steps.take
        if rng.random() < 0.75:
            evaluated = replied + rng.randint(1, 10)
            if evaluated <= today:
                take(life, "evaluate", evaluated, evaluated_on=evaluated)
        if stuck == "under_review" or rng.random() < REVIEW_SHARE:
            requested = replied + rng.randint(max(11, (life.evaluated_on or 0) - replied + 1), 29)
            window = life.current(REVIEW_REQUEST)
            if window is not None and requested <= window.due:
                return self._review(life, requested, stuck)
        closed = max(replied, life.evaluated_on or 0) + rng.randint(1, 15)
        if closed > today:
            return life
        take(life, "close", closed, closed_on=closed)
        return self._archive(life, closed)

    def _review(self, life: Life, requested: int, stuck: str) -> Life:
        if requested > self.today:
            return life
        self.steps.take(life, "request_review", requested, review_requested=requested)
        answered = requested + self.rng.randint(10, 35)
        if stuck == "under_review" or answered > self.today:
            return life
        self.steps.take(
            life, "answer_review", answered, closed_on=answered, review_answered=answered
        )
        return self._archive(life, answered)

    def _archive(self, life: Life, closed: int) -> Life:
        """归档: the petitioner's review windows keep running (the table stops nothing)."""
        archived = closed + self.rng.randint(30, 120)
        if archived <= self.today:
            self.steps.take(life, "archive", archived, archived_on=archived)
        return life
