"""Inspection periods (排查周期) as calendar periods: a week (Monday to Sunday), a month, a
quarter, a half-year or a year. Plain Python: a plan's inspection for a period is due by the
period's last day; a period that ended without one was missed (漏检)."""

from __future__ import annotations

from datetime import date, timedelta

MONTHS = {"monthly": 1, "quarterly": 3, "half_yearly": 6, "yearly": 12}


def period_of(frequency: str, day: date) -> tuple[date, date]:
    """The first and last day of the period of `frequency` that holds `day`."""
    if frequency == "weekly":
        start = day - timedelta(days=day.weekday())
        return start, start + timedelta(days=6)
    months = MONTHS[frequency]
    first_month = (day.month - 1) // months * months + 1
    start = date(day.year, first_month, 1)
    return start, _add_months(start, months) - timedelta(days=1)


def previous_period(frequency: str, start: date) -> tuple[date, date]:
    return period_of(frequency, start - timedelta(days=1))


def periods_ended(frequency: str, since: date, today: date, limit: int) -> list[date]:
    """The starts of the periods that began on or after the period of `since` and ended before
    `today`, newest first, at most `limit` of them."""
    first = period_of(frequency, since)[0]
    out: list[date] = []
    start = period_of(frequency, today)[0]
    while len(out) < limit:
        start = previous_period(frequency, start)[0]
        if start < first:
            break
        out.append(start)
    return out


def _add_months(day: date, months: int) -> date:
    index = day.month - 1 + months
    return date(day.year + index // 12, index % 12 + 1, 1)
