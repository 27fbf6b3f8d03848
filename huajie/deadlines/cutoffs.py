"""Daily cut-offs: reports due by fixed local times, every day or each working day.

Duty plans (值班值守与信息报送) set report times, e.g. "每日17:00前报送" or, during a special
period (特护期) such as Spring Festival and the Two Sessions, "每日09:30、17:30前报送". A
`CutoffRule` is one such schedule; a `CutoffPlan` layers special-period rules over a default for
date ranges. Times are local wall-clock times in the zone passed in (`LOCAL_ZONE` by default).

Working days follow the statutory calendar: holidays are off, make-up working weekends (调休上班)
are on. A working-day cut-off on a day in a year with no schedule raises `MissingScheduleError`.
Every `Cutoff` carries the code of the rule that produced it and the calendar version it used
("" for an every-day rule, which needs no calendar).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import NamedTuple
from zoneinfo import ZoneInfo

from .cutoff_rules import ONE_DAY, CutoffDays, CutoffPlan, CutoffRule
from .minutes import require_aware
from .working_calendar import WorkingCalendar

LOCAL_ZONE = ZoneInfo("Asia/Shanghai")

CutoffSchedule = CutoffRule | CutoffPlan
"""What the functions below accept: one rule for every day, or a plan of layered rules."""


class Cutoff(NamedTuple):
    """One computed cut-off: the reporting `day`, the aware moment `at`, and how it was made."""

    day: date
    at: datetime
    rule_code: str
    calendar_version: str


def _as_plan(schedule: CutoffSchedule) -> CutoffPlan:
    return schedule if isinstance(schedule, CutoffPlan) else CutoffPlan(schedule)


def _day(rule: CutoffRule, day: date, version: str, zone: tzinfo) -> list[Cutoff]:
    code = rule.code
    return [Cutoff(day, datetime.combine(day, t, tzinfo=zone), code, version) for t in rule.times]


def _rule_cutoffs(
    calendar: WorkingCalendar, rule: CutoffRule, day: date, zone: tzinfo
) -> list[Cutoff]:
    if rule.days is CutoffDays.EVERY_DAY:
        return _day(rule, day, "", zone)
    if not calendar.is_working_day(day):
        return []
    return _day(rule, day, calendar.versions_used(day, day), zone)


def cutoffs_on(
    calendar: WorkingCalendar, schedule: CutoffSchedule, day: date, *, zone: tzinfo = LOCAL_ZONE
) -> tuple[Cutoff, ...]:
    """The cut-offs of `day`, earliest first; empty on a day without reports.

    Raises `MissingScheduleError` if the day's rule counts working days and `day` is in a year
    with no schedule.
    """
    return tuple(_rule_cutoffs(calendar, _as_plan(schedule).rule_for(day), day, zone))


def _year_versions(calendar: WorkingCalendar, first: date, last: date) -> dict[int, str]:
    """Each year's calendar version; raises for the first year without a schedule."""
    return {
        year: calendar.versions_used(date(year, 1, 1), date(year, 1, 1))
        for year in range(first.year, last.year + 1)
    }


def _segment(
    calendar: WorkingCalendar, rule: CutoffRule, first: date, last: date, zone: tzinfo
) -> list[Cutoff]:
    """The cut-offs of `first` → `last` under one rule, as `_rule_cutoffs` gives them per day.

    Hot path of a units × days matrix. A day's moments are the first day's plus whole days:
    aware arithmetic keeps the wall-clock time and the zone, so each equals
    `datetime.combine(day, t, tzinfo=zone)`, daylight saving included, at a fraction of the cost.
    """
    firsts = [datetime.combine(first, t, tzinfo=zone) for t in rule.times]
    steps = [timedelta(days=offset) for offset in range((last - first).days + 1)]
    if rule.days is CutoffDays.EVERY_DAY:
        days = [(first + step, step, "") for step in steps]
    else:
        versions = _year_versions(calendar, first, last)
        working = calendar.is_working_day
        days = [(d, step, versions[d.year]) for step in steps if working(d := first + step)]
    code, make = rule.code, Cutoff._make
    return [
        make((day, moment + step, code, version))
        for day, step, version in days
        for moment in firsts
    ]


def cutoffs_between(
    calendar: WorkingCalendar,
    schedule: CutoffSchedule,
    first: date,
    last: date,
    *,
    zone: tzinfo = LOCAL_ZONE,
) -> list[Cutoff]:
    """The cut-offs of every day from `first` to `last` inclusive, in order.

    Equal to the concatenation of `cutoffs_on` for each day, computed per run of days under one
    rule: one O(1) working-day check per day and one version lookup per year.
    """
    if last < first:
        raise ValueError(f"The last day {last.isoformat()} is before {first.isoformat()}.")
    result: list[Cutoff] = []
    for seg_first, seg_last, rule in _as_plan(schedule).segments(first, last):
        result.extend(_segment(calendar, rule, seg_first, seg_last, zone))
    return result


def next_cutoff(
    calendar: WorkingCalendar, schedule: CutoffSchedule, at: datetime, *, zone: tzinfo = LOCAL_ZONE
) -> Cutoff:
    """The first cut-off at or after the moment `at` (a cut-off at exactly `at` is still ahead:
    a report filed then meets it).

    Looks day by day from the local date of `at`, over at most one run of days without reports
    (the longest in 2004–2026 is ten days, Spring Festival 2020); raises `MissingScheduleError`
    if the search reaches a year with no schedule.
    """
    at_utc = require_aware(at, "moment").astimezone(UTC)
    plan = _as_plan(schedule)
    day = at.astimezone(zone).date()
    while True:
        for cutoff in _rule_cutoffs(calendar, plan.rule_for(day), day, zone):
            if cutoff.at.astimezone(UTC) >= at_utc:
                return cutoff
        day += ONE_DAY


def cutoff_for_report(
    calendar: WorkingCalendar,
    schedule: CutoffSchedule,
    filed_at: datetime,
    *,
    day: date | None = None,
    zone: tzinfo = LOCAL_ZONE,
) -> Cutoff | None:
    """The cut-off that a report filed at `filed_at` answers, or None.

    The report's reporting day is `day` when given (a report for yesterday filed after midnight),
    otherwise the local date of `filed_at` in `zone`. It answers the first cut-off of that day at
    or after `filed_at`, and is on time. Filed after the day's last cut-off, it answers that last
    cut-off and is late by `minutes_late(cutoff.at, filed_at)`. Cut-offs of the day that passed
    before it was filed are not answered by it. On a day without cut-offs (a rest day under a
    working-day rule) it answers none: None.
    """
    filed_utc = require_aware(filed_at, "filing moment").astimezone(UTC)
    reporting_day = filed_at.astimezone(zone).date() if day is None else day
    cutoffs = cutoffs_on(calendar, schedule, reporting_day, zone=zone)
    for cutoff in cutoffs:
        if cutoff.at.astimezone(UTC) >= filed_utc:
            return cutoff
    return cutoffs[-1] if cutoffs else None
