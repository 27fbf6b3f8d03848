"""The statutory days off of any year, from the law alone — before the State Council's notice.

《全国年节及纪念日放假办法》 (as revised in 2024, in force from 2025) gives everyone 13 days off:
元旦 1 (1 January), 春节 4 (除夕 to 初三), 清明节 1 (the 清明 solar term), 劳动节 2 (1–2 May),
端午节 1 (5th of the 5th lunar month), 中秋节 1 (15th of the 8th), 国庆节 3 (1–3 October). Each
year's notice (国务院办公厅关于某年部分节假日安排的通知) then adds the bridging days and the make-up
working weekends (调休), which only the notice can say.

`statutory_days(year)` is what an admin starts from before the notice is out, and what the demo
and the tests use for a year the `chinesecalendar` package does not cover yet: clocks started in
December reach the next year. Lunar dates from `lunardate` (1900–2099), the solar term from
`chinesecalendar`'s formula.
"""

from __future__ import annotations

from datetime import date, timedelta

from lunardate import LunarDate

from .errors import ScheduleError

FIRST_YEAR = 2025  # the 2024 revision: 除夕 and 2 May became days off
LAST_YEAR = 2099  # lunardate's table


def statutory_days(year: int) -> list[date]:
    """The statutory days off of `year`, in order: 13, or 12 when 中秋 falls on 1–3 October
    (as in 2028)."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ScheduleError(f"Statutory days are known for {FIRST_YEAR}–{LAST_YEAR}, not {year}.")
    from chinese_calendar import get_solar_terms

    spring = LunarDate(year, 1, 1).to_solar_date()
    qingming = next(
        d for d, name in get_solar_terms(date(year, 4, 1), date(year, 4, 10)) if name == "清明"
    )
    days = {
        date(year, 1, 1),
        *(spring + timedelta(days=n) for n in range(-1, 3)),
        qingming,
        date(year, 5, 1),
        date(year, 5, 2),
        LunarDate(year, 5, 5).to_solar_date(),
        LunarDate(year, 8, 15).to_solar_date(),
        date(year, 10, 1),
        date(year, 10, 2),
        date(year, 10, 3),
    }
    return sorted(d for d in days if d.year == year)


def as_entry(days: list[date]) -> str:
    """The days as an admin writes them: one date or run "2027-02-05~2027-02-08" per line."""
    lines: list[str] = []
    run: list[date] = []
    for d in sorted(days):
        if run and d != run[-1] + timedelta(days=1):
            lines.append(_run(run))
            run = []
        run.append(d)
    if run:
        lines.append(_run(run))
    return "\n".join(lines)


def _run(run: list[date]) -> str:
    first, last = run[0].isoformat(), run[-1].isoformat()
    return first if first == last else f"{first}~{last}"
