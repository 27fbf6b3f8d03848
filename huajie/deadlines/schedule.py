"""One year's working-day schedule, and the loader for the `chinesecalendar` package.

The State Council publishes a holiday notice each year (国务院办公厅关于某年部分节假日安排的通知).
It lists the statutory days off and the make-up working weekends (调休上班). A `YearSchedule` holds
exactly that, for one calendar year, plus where it came from.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property

from .errors import ScheduleError

SATURDAY = 5
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class YearSchedule:
    """Days off and make-up working days of one calendar year.

    A day is a working day iff (Monday–Friday and not a holiday) or a make-up working day.
    `holidays` may include weekend days inside a holiday period; that changes nothing.
    """

    year: int
    holidays: frozenset[date] = field(default_factory=frozenset)
    makeup_workdays: frozenset[date] = field(default_factory=frozenset)
    source: str = ""

    def __post_init__(self) -> None:
        # Accept any iterable of dates (sets, lists) but store frozensets.
        object.__setattr__(self, "holidays", frozenset(self.holidays))
        object.__setattr__(self, "makeup_workdays", frozenset(self.makeup_workdays))
        self._validate()

    def _validate(self) -> None:
        if isinstance(self.year, bool) or not isinstance(self.year, int):
            raise ScheduleError(f"Schedule year must be an integer, got {self.year!r}.")
        for label, days in (
            ("holiday", self.holidays),
            ("make-up working day", self.makeup_workdays),
        ):
            for d in days:
                if isinstance(d, datetime) or not isinstance(d, date):
                    raise ScheduleError(f"The {label} {d!r} is not a date.")
                if d.year != self.year:
                    raise ScheduleError(
                        f"The {label} {d.isoformat()} is not in {self.year}: "
                        f"a schedule only holds dates of its own year."
                    )
        for d in self.makeup_workdays:
            if d.weekday() < SATURDAY:
                raise ScheduleError(
                    f"The make-up working day {d.isoformat()} is a {WEEKDAY_NAMES[d.weekday()]}: "
                    f"make-up working days must fall on a Saturday or Sunday."
                )
        both = sorted(self.holidays & self.makeup_workdays)
        if both:
            raise ScheduleError(
                f"{both[0].isoformat()} is both a holiday and a make-up working day in "
                f"the {self.year} schedule: remove it from one of the two lists."
            )

    def is_working_day(self, d: date) -> bool:
        """True if `d` (which must be in this year) is a working day."""
        if d.year != self.year:
            raise ScheduleError(f"{d.isoformat()} is not in the {self.year} schedule.")
        return (d.weekday() < SATURDAY and d not in self.holidays) or d in self.makeup_workdays

    @cached_property
    def version(self) -> str:
        """A short stable digest of the content (not the source), e.g. "2025:3fa9c01b2e".

        The same days give the same version whatever the order they were entered in or the
        source text; any added or removed day gives a new one.
        """
        content = "|".join(
            (
                str(self.year),
                ",".join(sorted(d.isoformat() for d in self.holidays)),
                ",".join(sorted(d.isoformat() for d in self.makeup_workdays)),
            )
        )
        return f"{self.year}:{hashlib.sha256(content.encode()).hexdigest()[:10]}"


def schedules_from_chinesecalendar() -> dict[int, YearSchedule]:
    """One `YearSchedule` per year covered by the installed `chinesecalendar` package.

    The covered range is read from the package's own data (2004–2026 for version 1.11), so a
    newer release extends it without a code change.
    """
    import chinese_calendar
    from chinese_calendar import constants

    source = f"chinesecalendar {chinese_calendar.__version__}"
    holidays: Iterable[date] = constants.holidays.keys()
    workdays: Iterable[date] = constants.workdays.keys()
    all_days = [*holidays, *workdays]
    first, last = min(all_days).year, max(all_days).year
    by_year_h: dict[int, set[date]] = {y: set() for y in range(first, last + 1)}
    by_year_w: dict[int, set[date]] = {y: set() for y in range(first, last + 1)}
    for d in holidays:
        by_year_h[d.year].add(d)
    for d in workdays:
        by_year_w[d.year].add(d)
    return {
        y: YearSchedule(
            year=y,
            holidays=frozenset(by_year_h[y]),
            makeup_workdays=frozenset(by_year_w[y]),
            source=source,
        )
        for y in range(first, last + 1)
    }
