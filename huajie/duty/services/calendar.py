"""The statutory calendar and the special periods, as the duty module reads them."""

from __future__ import annotations

from datetime import date, datetime, time

from django.db.models import QuerySet
from django.utils import timezone

from huajie.deadlines import WorkingCalendar
from huajie.orgs.holidays import working_calendar
from huajie.orgs.models import Unit

from ..models import DayKind, SpecialPeriod


def day_kind(calendar: WorkingCalendar, day: date) -> str:
    """Workday, rest day, statutory holiday or make-up working weekend (调休上班)."""
    schedule = calendar.schedules.get(day.year)
    if schedule is not None:
        if day in schedule.holidays:
            return DayKind.HOLIDAY
        if day in schedule.makeup_workdays:
            return DayKind.MAKEUP
    return DayKind.WORKDAY if day.weekday() < 5 else DayKind.REST


def day_kinds(first: date, last: date) -> dict[date, str]:
    calendar = working_calendar()
    out, day = {}, first
    while day <= last:
        out[day] = day_kind(calendar, day)
        day = date.fromordinal(day.toordinal() + 1)
    return out


def ancestor_ids(unit: Unit) -> list[int]:
    """The unit and every unit above it, from its materialised path ("/1/4/9/")."""
    return [int(part) for part in unit.path.strip("/").split("/") if part]


def periods_covering(unit: Unit, first: date, last: date) -> QuerySet[SpecialPeriod]:
    """Special periods set by the unit or a unit above it that overlap `first` → `last`."""
    return SpecialPeriod.objects.filter(
        unit_id__in=ancestor_ids(unit), starts_on__lte=last, ends_on__gte=first
    ).order_by("starts_on", "id")


def period_on(unit: Unit, day: date) -> SpecialPeriod | None:
    return periods_covering(unit, day, day).last()


def local(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=timezone.get_current_timezone())


def parse_hhmm(text: str) -> time:
    hours, _, minutes = str(text).strip().replace("：", ":").partition(":")
    return time(int(hours), int(minutes or 0))
