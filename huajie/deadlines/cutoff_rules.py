"""Daily report schedules as data: `CutoffRule`, and `CutoffPlan` for special periods.

Report times come from duty plans, not from a statute: e.g. a county's duty rules set "每个工作日
17:00前报送", and its plan for Spring Festival and the Two Sessions (特护期, 1-12 → 3-20) sets
"每日09:30、17:30前报送". Each rule names its plan clause in `source`; a plan lays the special
period's rule over the normal one for the period's dates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from itertools import pairwise
from typing import NamedTuple

ONE_DAY = timedelta(days=1)


class CutoffDays(StrEnum):
    """Which days have cut-offs."""

    EVERY_DAY = "every_day"
    WORKING_DAYS = "working_days"

    @property
    def label(self) -> str:
        """The Chinese name shown in a description."""
        return "每日" if self is CutoffDays.EVERY_DAY else "每个工作日"


@dataclass(frozen=True)
class CutoffRule:
    """Reports due by each of `times` (local wall-clock, whole minutes) on each of `days`.

    Working days follow the statutory calendar, make-up working weekends (调休上班) included.
    `source` names the plan clause that sets the times. `times` are stored sorted. `window` has
    the meaning of `DeadlineRule.window`.
    """

    code: str
    times: tuple[time, ...]
    days: CutoffDays
    source: str
    start_event: str = ""
    window: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "days", CutoffDays(self.days))
        if not self.code:
            raise ValueError("A cut-off rule needs a code, e.g. 'duty.daily_report'.")
        times = tuple(self.times)
        if not times:
            raise ValueError(f"Rule {self.code}: give at least one cut-off time, e.g. 17:00.")
        for t in times:
            _check_time(self.code, t)
        if len(set(times)) != len(times):
            raise ValueError(f"Rule {self.code}: a cut-off time is listed twice.")
        object.__setattr__(self, "times", tuple(sorted(times)))


def _check_time(code: str, t: object) -> None:
    if not isinstance(t, time):
        raise ValueError(f"Rule {code}: the cut-off {t!r} is not a time of day.")
    if t.tzinfo is not None:
        raise ValueError(
            f"Rule {code}: the cut-off {t.isoformat()} carries a time zone; give a local "
            f"wall-clock time and pass the zone when computing cut-offs."
        )
    if t.second or t.microsecond:
        raise ValueError(f"Rule {code}: the cut-off {t.isoformat()} is not a whole minute.")


class CutoffLayer(NamedTuple):
    """`rule` applies from `start` to `end`, both inclusive."""

    start: date
    end: date
    rule: CutoffRule


@dataclass(frozen=True)
class CutoffPlan:
    """A default rule with layers over date ranges; for a day the last matching layer wins.

    E.g. a working-day 17:00 rule with a 2026-01-12 → 2026-03-20 layer of 09:30 and 17:30 every
    day.
    """

    default: CutoffRule
    layers: tuple[CutoffLayer, ...] = ()

    def __post_init__(self) -> None:
        layers = tuple(self.layers)
        for layer in layers:
            for d in (layer.start, layer.end):
                if isinstance(d, datetime) or not isinstance(d, date):
                    raise ValueError(f"The layer bound {d!r} is not a date.")
            if layer.end < layer.start:
                raise ValueError(
                    f"The layer for {layer.rule.code} ends on {layer.end.isoformat()}, "
                    f"before it starts on {layer.start.isoformat()}."
                )
        object.__setattr__(self, "layers", layers)

    def rule_for(self, day: date) -> CutoffRule:
        """The rule in force on `day`."""
        for layer in reversed(self.layers):
            if layer.start <= day <= layer.end:
                return layer.rule
        return self.default

    def segments(self, first: date, last: date) -> list[tuple[date, date, CutoffRule]]:
        """`first` → `last` (inclusive) cut into runs of days under one rule, in order."""
        bounds = {first, last + ONE_DAY}
        for layer in self.layers:
            bounds.update(b for b in (layer.start, layer.end + ONE_DAY) if first < b <= last)
        return [(a, b - ONE_DAY, self.rule_for(a)) for a, b in pairwise(sorted(bounds))]
