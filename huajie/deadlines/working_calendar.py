"""`WorkingCalendar`: day arithmetic over the years that have a schedule.

Built once from a mapping year → `YearSchedule`; every question afterwards is a `bisect` on a
sorted list of working-day ordinals, or an index into a bytearray — never a loop per day.
A question that touches a year without a schedule raises `MissingScheduleError`.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping
from datetime import date
from types import MappingProxyType

from .errors import MissingScheduleError, ScheduleError
from .schedule import YearSchedule


class WorkingCalendar:
    """Working days for the covered years. Immutable once built; safe to share between threads."""

    __slots__ = ("_schedules", "_ordinals", "_flags", "_base", "_run_end", "_versions_cache")

    def __init__(self, schedules: Mapping[int, YearSchedule]) -> None:
        for year, schedule in schedules.items():
            if schedule.year != year:
                raise ScheduleError(f"The schedule for {schedule.year} was filed under {year}.")
        years = sorted(schedules)
        self._schedules: Mapping[int, YearSchedule] = MappingProxyType(
            {y: schedules[y] for y in years}
        )
        self._base = date(years[0], 1, 1).toordinal() if years else 0
        end = date(years[-1], 12, 31).toordinal() if years else -1
        # _flags[ordinal - _base] == 1 for a working day; uncovered years stay 0.
        self._flags = bytearray(end - self._base + 1)
        ordinals: list[int] = []
        for year in years:
            schedule = schedules[year]
            first = date(year, 1, 1).toordinal()
            for ordinal in range(first, date(year, 12, 31).toordinal() + 1):
                if schedule.is_working_day(date.fromordinal(ordinal)):
                    ordinals.append(ordinal)
                    self._flags[ordinal - self._base] = 1
        self._ordinals = ordinals
        # For each covered year: ordinal of the last day of its run of consecutive covered years.
        self._run_end: dict[int, int] = {}
        for year in reversed(years):
            if year + 1 in self._run_end:
                self._run_end[year] = self._run_end[year + 1]
            else:
                self._run_end[year] = date(year, 12, 31).toordinal()
        self._versions_cache: dict[tuple[int, int], str] = {}

    def __repr__(self) -> str:
        years = list(self._schedules)
        span = f"{years[0]}–{years[-1]}, {len(years)} years" if years else "empty"
        return f"<WorkingCalendar {span}>"

    @property
    def schedules(self) -> Mapping[int, YearSchedule]:
        """The schedules this calendar was built from, by year (read-only)."""
        return self._schedules

    @property
    def years(self) -> tuple[int, ...]:
        """The covered years, ascending."""
        return tuple(self._schedules)

    def _span_end(self, year: int) -> int:
        """Ordinal of the last day this calendar can answer for, counting from `year`."""
        end = self._run_end.get(year)
        if end is None:
            raise MissingScheduleError(year)
        return end

    @staticmethod
    def _missing_after(span_end: int) -> MissingScheduleError:
        return MissingScheduleError(date.fromordinal(span_end).year + 1)

    def is_working_day(self, d: date) -> bool:
        """True if `d` is a working day; raises `MissingScheduleError` for an uncovered year."""
        self._span_end(d.year)
        return self._flags[d.toordinal() - self._base] == 1

    def roll_forward(self, d: date) -> date:
        """`d` if it is a working day, else the next working day after it."""
        end = self._span_end(d.year)
        ordinal = d.toordinal()
        if self._flags[ordinal - self._base]:
            return d
        i = bisect_right(self._ordinals, ordinal)
        if i >= len(self._ordinals) or self._ordinals[i] > end:
            raise self._missing_after(end)
        return date.fromordinal(self._ordinals[i])

    def add_calendar_days(self, start: date, n: int) -> date:
        """The n-th calendar day after `start` (the start date is day zero).

        No roll-forward here (see `compute_deadline`), but the years spanned must still be covered,
        so that every date this calendar gives is backed by a schedule.
        """
        if n < 0:
            raise ValueError(f"A number of days cannot be negative, got {n}.")
        end = self._span_end(start.year)
        due = start.toordinal() + n
        if due > end:
            raise self._missing_after(end)
        return date.fromordinal(due)

    def add_working_days(self, start: date, n: int) -> date:
        """The n-th working day strictly after `start` (the start date is day zero).

        `n == 0` returns `start` itself, working day or not.
        """
        if n < 0:
            raise ValueError(f"A number of working days cannot be negative, got {n}.")
        end = self._span_end(start.year)
        if n == 0:
            return start
        i = bisect_right(self._ordinals, start.toordinal()) + n - 1
        if i >= len(self._ordinals) or self._ordinals[i] > end:
            raise self._missing_after(end)
        return date.fromordinal(self._ordinals[i])

    def count_working_days(self, start: date, end: date) -> int:
        """Number of working days in (start, end]: after `start`, up to and including `end`."""
        if end < start:
            raise ValueError(f"The end {end.isoformat()} is before the start {start.isoformat()}.")
        span_end = self._span_end(start.year)
        if end.toordinal() > span_end:
            raise self._missing_after(span_end)
        ordinals = self._ordinals
        return bisect_right(ordinals, end.toordinal()) - bisect_right(ordinals, start.toordinal())

    def due_ordinal(self, start: date, n: int, working: bool, roll: bool) -> tuple[int, int]:
        """Hot path of `compute_deadline`: (due ordinal, nominal due ordinal before roll-forward).

        Both ordinals are equal unless a calendar-day limit ending on a rest day was rolled
        forward. `n` must be >= 0.
        """
        end = self._run_end.get(start.year)
        if end is None:
            raise MissingScheduleError(start.year)
        ordinals = self._ordinals
        if working:
            if n == 0:
                due = start.toordinal()
                return due, due
            i = bisect_right(ordinals, start.toordinal()) + n - 1
            if i >= len(ordinals) or ordinals[i] > end:
                raise self._missing_after(end)
            due = ordinals[i]
            return due, due
        nominal = start.toordinal() + n
        if nominal > end:
            raise self._missing_after(end)
        if not roll or self._flags[nominal - self._base]:
            return nominal, nominal
        i = bisect_right(ordinals, nominal)
        if i >= len(ordinals) or ordinals[i] > end:
            raise self._missing_after(end)
        return ordinals[i], nominal

    def versions_used(self, start: date, due: date) -> str:
        """Comma-joined versions of every year from `start` to `due`, e.g. "2025:ab..,2026:cd..".

        Raises `MissingScheduleError` for the first uncovered year in the span.
        """
        if due < start:
            raise ValueError(f"The due date {due.isoformat()} is before {start.isoformat()}.")
        key = (start.year, due.year)
        cached = self._versions_cache.get(key)
        if cached is not None:
            return cached
        versions = []
        for year in range(start.year, due.year + 1):
            schedule = self._schedules.get(year)
            if schedule is None:
                raise MissingScheduleError(year)
            versions.append(schedule.version)
        joined = ",".join(versions)
        self._versions_cache[key] = joined
        return joined
