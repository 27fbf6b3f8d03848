"""The working calendar Django-side: chinesecalendar for 2004–2026 plus admin-entered years.

Admin entries (HolidaySchedule) override the package for their year. The calendar is built once
per process and rebuilt only when the schedule table changes (one aggregate query per use).
"""

from __future__ import annotations

import threading
from datetime import date, timedelta

from django.db.models import Count, Max

from huajie.common.errors import ApplicationError
from huajie.deadlines import (
    ScheduleError,
    WorkingCalendar,
    YearSchedule,
    schedules_from_chinesecalendar,
)

from .models import HolidaySchedule

_lock = threading.Lock()
_cache: dict[str, object] = {}


def parse_dates(text: str, *, year: int, label: str) -> frozenset[date]:
    """Parse one date or range per line: "2027-01-01", "2027/2/5~2027/2/11" or
    "2027-10-01至2027-10-07". Raises ApplicationError with a Chinese sentence."""
    days: set[date] = set()
    for lineno, raw in enumerate(text.replace("，", "\n").replace(",", "\n").splitlines(), 1):
        line = raw.strip()
        if not line:
            continue
        parts = [p.strip() for p in line.replace("～", "~").replace("至", "~").split("~")]
        try:
            first = _parse_one(parts[0])
            last = _parse_one(parts[1]) if len(parts) == 2 else first
        except ValueError:
            raise ApplicationError(
                f"{label}第 {lineno} 行“{line}”不是有效日期，请写成 {year}-01-01 "
                f"或 {year}-02-05~{year}-02-11。",
                field=label,
            ) from None
        if len(parts) > 2 or last < first:
            raise ApplicationError(f"{label}第 {lineno} 行的日期范围不正确，请检查起止日期。")
        if first.year != year or last.year != year:
            raise ApplicationError(
                f"{label}第 {lineno} 行“{line}”不在 {year} 年内，请只填写本年度的日期。"
            )
        d = first
        while d <= last:
            days.add(d)
            d += timedelta(days=1)
    return frozenset(days)


def _parse_one(text: str) -> date:
    y, m, d = (int(p) for p in text.replace("/", "-").replace(".", "-").split("-"))
    return date(y, m, d)


def schedule_from_entry(entry: HolidaySchedule) -> YearSchedule:
    holidays = parse_dates(entry.holidays, year=entry.year, label="放假日期")
    workdays = parse_dates(entry.makeup_workdays, year=entry.year, label="调休上班日期")
    try:
        return YearSchedule(
            year=entry.year,
            holidays=holidays,
            makeup_workdays=workdays,
            source=f"admin: {entry.notice}",
        )
    except ScheduleError as exc:
        both = sorted(holidays & workdays)
        if both:
            raise ApplicationError(
                f"{both[0].isoformat()} 同时出现在放假日期和调休上班日期中，请删去其中一处。"
            ) from exc
        raise ApplicationError(f"节假日安排有误：{exc}") from exc


def working_calendar() -> WorkingCalendar:
    """The current calendar; rebuilt when an admin edits the schedule table."""
    stamp = HolidaySchedule.objects.aggregate(n=Count("id"), t=Max("updated_at"))
    key = f"{stamp['n']}:{stamp['t']}"
    with _lock:
        if _cache.get("key") != key:
            schedules = dict(schedules_from_chinesecalendar())
            for entry in HolidaySchedule.objects.all():
                schedules[entry.year] = schedule_from_entry(entry)
            _cache["calendar"] = WorkingCalendar(schedules)
            _cache["key"] = key
        calendar = _cache["calendar"]
    assert isinstance(calendar, WorkingCalendar)  # noqa: S101 - narrows the cached object
    return calendar
