"""Daily cut-offs on real 2026 dates: make-up weekends, Spring Festival, the Two Sessions, and the
special period 2026-01-12 → 2026-03-20 layered over the normal working-day schedule."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from huajie.deadlines import (
    LOCAL_ZONE,
    Cutoff,
    CutoffDays,
    CutoffLayer,
    CutoffPlan,
    CutoffRule,
    MissingScheduleError,
    WorkingCalendar,
    YearSchedule,
    cutoff_for_report,
    cutoffs_between,
    cutoffs_on,
    minutes_late,
    next_cutoff,
)

D = date
SH = LOCAL_ZONE
SOURCE = "《某县值班值守与信息报送制度》"
DAILY = CutoffRule("duty.daily", (time(17),), CutoffDays.EVERY_DAY, SOURCE)
WORKDAY = CutoffRule("duty.workday", (time(17),), CutoffDays.WORKING_DAYS, SOURCE)
TWICE = CutoffRule(
    "duty.special_period",
    (time(17, 30), time(9, 30)),  # stored sorted
    CutoffDays.EVERY_DAY,
    "《某县2026年春节及全国两会期间信访维稳工作方案》",
)
SPECIAL = CutoffPlan(WORKDAY, (CutoffLayer(D(2026, 1, 12), D(2026, 3, 20), TWICE),))


def sh(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=SH)


def clock_times(cutoffs: Sequence[Cutoff]) -> list[str]:
    return [f"{c.at:%H:%M}" for c in cutoffs]


@pytest.mark.parametrize(
    ("day", "times"),
    [
        (D(2026, 1, 4), ["17:00"]),  # Sunday, make-up working day after New Year
        (D(2026, 2, 13), ["17:00"]),  # Friday before Spring Festival
        (D(2026, 2, 14), ["17:00"]),  # Saturday, make-up working day
        (D(2026, 2, 15), []),  # Spring Festival break 02-15 .. 02-23
        (D(2026, 2, 17), []),  # 正月初一
        (D(2026, 2, 21), []),  # a Saturday inside the break
        (D(2026, 2, 24), ["17:00"]),
        (D(2026, 2, 28), ["17:00"]),  # Saturday, make-up working day
        (D(2026, 3, 7), []),  # an ordinary Saturday
        (D(2026, 5, 9), ["17:00"]),  # Saturday, make-up working day after Labour Day
        (D(2026, 9, 20), ["17:00"]),  # Sunday, make-up working day before National Day
        (D(2026, 10, 1), []),
        (D(2026, 10, 10), ["17:00"]),  # Saturday, make-up working day
    ],
)
def test_a_working_day_cutoff_follows_the_statutory_calendar(
    calendar: WorkingCalendar, day: date, times: list[str]
) -> None:
    cutoffs = cutoffs_on(calendar, WORKDAY, day)
    assert clock_times(cutoffs) == times
    for cutoff in cutoffs:
        assert cutoff.day == day
        assert cutoff.at == sh(day.year, day.month, day.day, 17)
        assert cutoff.at.tzinfo is SH
        assert cutoff.rule_code == "duty.workday"
        assert cutoff.calendar_version == calendar.schedules[2026].version


def test_an_every_day_cutoff_ignores_holidays_and_the_calendar(calendar: WorkingCalendar) -> None:
    [cutoff] = cutoffs_on(calendar, DAILY, D(2026, 2, 17))
    assert cutoff.at == sh(2026, 2, 17, 17)
    assert cutoff.calendar_version == ""
    # 2028 has no schedule, but an every-day rule does not need one (leap day included).
    [leap] = cutoffs_on(calendar, DAILY, D(2028, 2, 29))
    assert leap.at.isoformat() == "2028-02-29T17:00:00+08:00"


def test_twice_daily_across_the_two_sessions(calendar: WorkingCalendar) -> None:
    cutoffs = cutoffs_between(calendar, TWICE, D(2026, 3, 2), D(2026, 3, 13))
    assert len(cutoffs) == 24  # 12 days, weekends included
    assert [c.at for c in cutoffs[:4]] == [
        sh(2026, 3, 2, 9, 30),
        sh(2026, 3, 2, 17, 30),
        sh(2026, 3, 3, 9, 30),
        sh(2026, 3, 3, 17, 30),
    ]
    assert clock_times(cutoffs_on(calendar, TWICE, D(2026, 3, 8))) == ["09:30", "17:30"]
    assert {c.calendar_version for c in cutoffs} == {""}


@pytest.mark.parametrize(
    ("day", "times", "code"),
    [
        (D(2026, 1, 9), ["17:00"], "duty.workday"),  # Friday before the period
        (D(2026, 1, 11), [], "duty.workday"),  # Sunday before the period: no report
        (D(2026, 1, 12), ["09:30", "17:30"], "duty.special_period"),  # first day
        (D(2026, 1, 17), ["09:30", "17:30"], "duty.special_period"),  # a Saturday
        (D(2026, 2, 17), ["09:30", "17:30"], "duty.special_period"),  # Spring Festival
        (D(2026, 3, 20), ["09:30", "17:30"], "duty.special_period"),  # last day
        (D(2026, 3, 21), [], "duty.workday"),  # Saturday after the period
        (D(2026, 3, 23), ["17:00"], "duty.workday"),
    ],
)
def test_a_special_period_over_spring_festival(
    calendar: WorkingCalendar, day: date, times: list[str], code: str
) -> None:
    cutoffs = cutoffs_on(calendar, SPECIAL, day)
    assert clock_times(cutoffs) == times
    assert all(c.rule_code == code for c in cutoffs)
    assert SPECIAL.rule_for(day).code == code


def test_the_special_period_over_a_quarter(calendar: WorkingCalendar) -> None:
    cutoffs = cutoffs_between(calendar, SPECIAL, D(2026, 1, 1), D(2026, 3, 31))
    special = [c for c in cutoffs if c.rule_code == "duty.special_period"]
    normal = [c for c in cutoffs if c.rule_code == "duty.workday"]
    assert len(special) == 2 * 68  # 20 days in January, 28 in February, 20 in March
    # 01-04 (make-up Sunday), 01-05..01-09; 03-23..03-27, 03-30, 03-31.
    assert [c.day.isoformat() for c in normal] == [
        "2026-01-04",
        *(f"2026-01-0{d}" for d in range(5, 10)),
        *(f"2026-03-{d}" for d in range(23, 28)),
        "2026-03-30",
        "2026-03-31",
    ]
    assert cutoffs == sorted(cutoffs, key=lambda c: c.at)


def test_a_working_day_special_period_skips_the_holiday(calendar: WorkingCalendar) -> None:
    twice_on_working_days = CutoffRule(
        "duty.special_working", (time(9, 30), time(17, 30)), CutoffDays.WORKING_DAYS, SOURCE
    )
    plan = CutoffPlan(
        WORKDAY, (CutoffLayer(D(2026, 1, 12), D(2026, 3, 20), twice_on_working_days),)
    )
    cutoffs = cutoffs_between(calendar, plan, D(2026, 2, 13), D(2026, 2, 28))
    assert sorted({c.day.isoformat() for c in cutoffs}) == [
        "2026-02-13",
        "2026-02-14",  # make-up Saturday
        "2026-02-24",
        "2026-02-25",
        "2026-02-26",
        "2026-02-27",
        "2026-02-28",  # make-up Saturday
    ]
    assert len(cutoffs) == 14


def test_the_last_matching_layer_wins(calendar: WorkingCalendar) -> None:
    sessions = CutoffRule(
        "duty.two_sessions", (time(8, 30), time(12), time(17, 30)), CutoffDays.EVERY_DAY, SOURCE
    )
    plan = CutoffPlan(
        WORKDAY,
        (
            CutoffLayer(D(2026, 1, 12), D(2026, 3, 20), TWICE),
            CutoffLayer(D(2026, 3, 4), D(2026, 3, 11), sessions),
        ),
    )
    assert clock_times(cutoffs_on(calendar, plan, D(2026, 3, 3))) == ["09:30", "17:30"]
    assert clock_times(cutoffs_on(calendar, plan, D(2026, 3, 4))) == ["08:30", "12:00", "17:30"]
    assert clock_times(cutoffs_on(calendar, plan, D(2026, 3, 12))) == ["09:30", "17:30"]
    assert [
        (a.isoformat(), b.isoformat(), r.code)
        for a, b, r in plan.segments(D(2026, 3, 1), D(2026, 3, 31))
    ] == [
        ("2026-03-01", "2026-03-03", "duty.special_period"),
        ("2026-03-04", "2026-03-11", "duty.two_sessions"),
        ("2026-03-12", "2026-03-20", "duty.special_period"),
        ("2026-03-21", "2026-03-31", "duty.workday"),
    ]


@pytest.mark.parametrize(
    ("schedule", "at", "expected"),
    [
        (WORKDAY, sh(2026, 2, 13, 16, 59), sh(2026, 2, 13, 17)),
        (WORKDAY, sh(2026, 2, 13, 17), sh(2026, 2, 13, 17)),  # at the cut-off: still ahead
        (WORKDAY, sh(2026, 2, 13, 17, 0, 1), sh(2026, 2, 14, 17)),  # make-up Saturday
        (WORKDAY, sh(2026, 2, 14, 18), sh(2026, 2, 24, 17)),  # over the whole break
        (WORKDAY, sh(2025, 12, 31, 18), sh(2026, 1, 4, 17)),  # over New Year, into 2026
        (TWICE, sh(2026, 3, 5, 9, 31), sh(2026, 3, 5, 17, 30)),
        (TWICE, sh(2026, 3, 5, 18), sh(2026, 3, 6, 9, 30)),
        (SPECIAL, sh(2026, 1, 9, 18), sh(2026, 1, 12, 9, 30)),  # into the period
        (SPECIAL, sh(2026, 3, 20, 18), sh(2026, 3, 23, 17)),  # out of it, over a weekend
        (WORKDAY, datetime(2026, 2, 13, 9, 30, tzinfo=UTC), sh(2026, 2, 14, 17)),  # 17:30 local
    ],
)
def test_next_cutoff(
    calendar: WorkingCalendar,
    schedule: CutoffRule | CutoffPlan,
    at: datetime,
    expected: datetime,
) -> None:
    cutoff = next_cutoff(calendar, schedule, at)
    assert cutoff.at == expected
    assert cutoff.day == expected.date()


@pytest.mark.parametrize(
    ("schedule", "filed_at", "day", "due", "late"),
    [
        (TWICE, sh(2026, 3, 5, 8), None, sh(2026, 3, 5, 9, 30), 0),
        (TWICE, sh(2026, 3, 5, 9, 30), None, sh(2026, 3, 5, 9, 30), 0),  # exactly on time
        (TWICE, sh(2026, 3, 5, 12), None, sh(2026, 3, 5, 17, 30), 0),  # answers the next one
        (TWICE, sh(2026, 3, 5, 17, 30, 30), None, sh(2026, 3, 5, 17, 30), 1),  # after the last
        (TWICE, sh(2026, 3, 5, 21), None, sh(2026, 3, 5, 17, 30), 210),
        (WORKDAY, sh(2026, 2, 14, 16), None, sh(2026, 2, 14, 17), 0),  # make-up Saturday
        (WORKDAY, sh(2026, 3, 10, 0, 30), None, sh(2026, 3, 10, 17), 0),  # its own day
        (WORKDAY, sh(2026, 3, 10, 0, 30), D(2026, 3, 9), sh(2026, 3, 9, 17), 450),  # yesterday's
        (WORKDAY, sh(2026, 3, 6, 10), D(2026, 3, 9), sh(2026, 3, 9, 17), 0),  # filed early
        (SPECIAL, sh(2026, 2, 17, 9), None, sh(2026, 2, 17, 9, 30), 0),  # holiday in the period
    ],
)
def test_the_cutoff_a_report_answers(
    calendar: WorkingCalendar,
    schedule: CutoffRule | CutoffPlan,
    filed_at: datetime,
    day: date | None,
    due: datetime,
    late: int,
) -> None:
    cutoff = cutoff_for_report(calendar, schedule, filed_at, day=day)
    assert cutoff is not None
    assert cutoff.at == due
    assert minutes_late(cutoff.at, filed_at) == late


def test_a_report_on_a_day_without_cutoffs_answers_none(calendar: WorkingCalendar) -> None:
    assert cutoff_for_report(calendar, WORKDAY, sh(2026, 3, 8, 10)) is None  # Sunday
    assert cutoff_for_report(calendar, WORKDAY, sh(2026, 2, 17, 10)) is None  # Spring Festival
    assert cutoff_for_report(calendar, SPECIAL, sh(2026, 3, 21, 10)) is None  # after the period


def test_the_zone_decides_the_local_day_and_time(calendar: WorkingCalendar) -> None:
    urumqi = ZoneInfo("Asia/Urumqi")  # UTC+6
    [cutoff] = cutoffs_on(calendar, WORKDAY, D(2026, 3, 9), zone=urumqi)
    assert cutoff.at == sh(2026, 3, 9, 19)
    # 2026-03-10 00:30 in Shanghai is still 03-09 22:30 in Urumqi: yesterday's report, late.
    late = cutoff_for_report(calendar, WORKDAY, sh(2026, 3, 10, 0, 30), zone=urumqi)
    assert late is not None and late.day == D(2026, 3, 9)
    berlin = ZoneInfo("Europe/Berlin")
    [summer] = cutoffs_on(calendar, DAILY, D(2026, 3, 29), zone=berlin)
    assert summer.at.isoformat() == "2026-03-29T17:00:00+02:00"
    # Across the change to summer time the range keeps 17:00 on the wall, not 24-hour steps.
    over = cutoffs_between(calendar, DAILY, D(2026, 3, 28), D(2026, 3, 30), zone=berlin)
    assert [c.at.isoformat() for c in over] == [
        "2026-03-28T17:00:00+01:00",
        "2026-03-29T17:00:00+02:00",
        "2026-03-30T17:00:00+02:00",
    ]


# -- missing years -------------------------------------------------------------------------


def test_a_working_day_cutoff_in_a_year_without_schedule_fails_loudly(
    calendar: WorkingCalendar,
) -> None:
    with pytest.raises(MissingScheduleError, match="for 2027") as caught:
        cutoffs_on(calendar, WORKDAY, D(2027, 1, 4))
    assert caught.value.year == 2027
    with pytest.raises(MissingScheduleError, match="for 2027"):
        cutoffs_between(calendar, WORKDAY, D(2026, 12, 28), D(2027, 1, 5))
    with pytest.raises(MissingScheduleError, match="for 2027"):
        next_cutoff(calendar, WORKDAY, sh(2026, 12, 31, 18))
    with pytest.raises(MissingScheduleError, match="for 2027"):
        cutoff_for_report(calendar, WORKDAY, sh(2027, 1, 4, 10))


def test_an_every_day_layer_needs_no_schedule_but_the_working_day_default_does(
    calendar: WorkingCalendar,
) -> None:
    plan = CutoffPlan(WORKDAY, (CutoffLayer(D(2027, 1, 1), D(2027, 1, 31), DAILY),))
    assert len(cutoffs_between(calendar, plan, D(2027, 1, 1), D(2027, 1, 31))) == 31
    with pytest.raises(MissingScheduleError, match="for 2027"):
        cutoffs_between(calendar, plan, D(2027, 1, 1), D(2027, 2, 1))


def test_an_admin_entered_year_makes_its_cutoffs_work(
    package_schedules: dict[int, YearSchedule],
) -> None:
    admin = YearSchedule(year=2027, holidays=frozenset({D(2027, 1, 1)}), source="admin")
    calendar = WorkingCalendar({**package_schedules, 2027: admin})
    cutoffs = cutoffs_between(calendar, WORKDAY, D(2026, 12, 31), D(2027, 1, 4))
    assert [(c.day.isoformat(), c.calendar_version) for c in cutoffs] == [
        ("2026-12-31", package_schedules[2026].version),
        ("2027-01-04", admin.version),
    ]


# -- validation ----------------------------------------------------------------------------


def test_a_range_must_not_end_before_it_starts(calendar: WorkingCalendar) -> None:
    with pytest.raises(ValueError, match="before"):
        cutoffs_between(calendar, DAILY, D(2026, 3, 2), D(2026, 3, 1))
    assert cutoffs_between(calendar, DAILY, D(2026, 3, 2), D(2026, 3, 2)) == list(
        cutoffs_on(calendar, DAILY, D(2026, 3, 2))
    )


def test_naive_moments_are_refused(calendar: WorkingCalendar) -> None:
    with pytest.raises(ValueError, match="has no time zone"):
        next_cutoff(calendar, DAILY, datetime(2026, 3, 2, 10))  # noqa: DTZ001
    with pytest.raises(ValueError, match="has no time zone"):
        cutoff_for_report(calendar, DAILY, datetime(2026, 3, 2, 10))  # noqa: DTZ001


def test_days_accept_their_stored_string_value() -> None:
    rule = CutoffRule("x.y", (time(17),), "working_days", "s")  # type: ignore[arg-type]
    assert rule.days is CutoffDays.WORKING_DAYS
    assert TWICE.times == (time(9, 30), time(17, 30))
    assert (rule.start_event, rule.window) == ("", False)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"code": ""}, "needs a code"),
        ({"times": ()}, "at least one cut-off time"),
        ({"times": (time(17), time(17))}, "listed twice"),
        ({"times": ("17:00",)}, "not a time of day"),
        ({"times": (time(17, tzinfo=UTC),)}, "carries a time zone"),
        ({"times": (time(17, 0, 30),)}, "not a whole minute"),
        ({"days": "weekly"}, "weekly"),
    ],
)
def test_invalid_cutoff_rules_are_refused(kwargs: dict[str, object], message: str) -> None:
    fields: dict[str, object] = {
        "code": "x.y",
        "times": (time(17),),
        "days": CutoffDays.EVERY_DAY,
        "source": "s",
    }
    fields.update(kwargs)
    with pytest.raises(ValueError, match=message):
        CutoffRule(**fields)  # type: ignore[arg-type]


def test_invalid_layers_are_refused() -> None:
    with pytest.raises(ValueError, match="ends on 2026-01-11, before it starts on 2026-01-12"):
        CutoffPlan(WORKDAY, (CutoffLayer(D(2026, 1, 12), D(2026, 1, 11), TWICE),))
    with pytest.raises(ValueError, match="not a date"):
        CutoffPlan(WORKDAY, (CutoffLayer(sh(2026, 1, 12), D(2026, 3, 20), TWICE),))
