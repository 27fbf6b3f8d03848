"""explain: the Chinese text a clerk sees, and the days skipped with their reasons."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from huajie.deadlines import (
    DEFAULT_RULES,
    MAX_EXPLAIN_DAYS,
    DayKind,
    MissingScheduleError,
    WorkingCalendar,
    explain,
)

D = date


def test_working_days_over_national_day(calendar: WorkingCalendar) -> None:
    result = explain(calendar, DEFAULT_RULES["petition.objection_not_competent"], D(2025, 9, 30))
    assert result.deadline.due == D(2025, 10, 14)
    assert [n.as_dict() for n in result.skipped] == [
        *({"date": f"2025-10-0{d}", "reason": "法定节假日", "counted": False} for d in range(1, 9)),
        {"date": "2025-10-12", "reason": "周末", "counted": False},
    ]
    makeup = [n for n in result.days if n.counted]
    assert [(n.date, n.reason) for n in makeup] == [(D(2025, 10, 11), "调休上班（计入工作日）")]
    assert "《信访工作条例》第二十三条" in result.text
    assert "5个工作日" in result.text
    assert "跳过非工作日9天（法定节假日8天、周末1天）" in result.text
    assert "调休上班日1天计入工作日" in result.text
    assert "期限届满日为2025-10-14（星期二）" in result.text
    assert calendar.schedules[2025].version in result.text
    assert "chinesecalendar" in result.text


def test_calendar_days_with_roll_forward(calendar: WorkingCalendar) -> None:
    result = explain(calendar, DEFAULT_RULES["petition.handling"], D(2025, 9, 30))
    assert result.deadline.due == D(2025, 12, 1)
    assert [(n.date, n.reason) for n in result.skipped] == [
        (D(2025, 11, 29), "周末"),
        (D(2025, 11, 30), "周末"),
    ]
    assert "60日（日历日）" in result.text
    assert "节假日照常计入" in result.text
    assert "第60日为2025-11-29（星期六），是休息日（周末），顺延至下一个工作日" in result.text


def test_roll_forward_over_a_holiday_names_it(calendar: WorkingCalendar) -> None:
    result = explain(calendar, (3, DayKind.CALENDAR), D(2025, 10, 1))
    assert result.deadline.due == D(2025, 10, 9)
    assert {n.reason for n in result.skipped} == {"法定节假日"}
    assert len(result.skipped) == 5  # 10-04 .. 10-08


def test_calendar_days_without_roll_forward_say_so(calendar: WorkingCalendar) -> None:
    rule = replace(DEFAULT_RULES["petition.handling"], roll_forward_if_rest_day=False)
    result = explain(calendar, rule, D(2025, 9, 30))
    assert result.deadline.due == D(2025, 11, 29)
    assert result.days == ()
    assert "本规则不顺延" in result.text


def test_params_instead_of_a_rule(calendar: WorkingCalendar) -> None:
    result = explain(calendar, (1, "working"), D(2026, 2, 13))
    assert result.deadline.due == D(2026, 2, 14)
    assert result.deadline.rule_code == "custom"
    assert "依据" not in result.text
    assert "期间没有非工作日" in result.text
    assert result.as_dict()["days"] == [
        {"date": "2026-02-14", "reason": "调休上班（计入工作日）", "counted": True}
    ]


def test_explanation_is_bounded(calendar: WorkingCalendar) -> None:
    with pytest.raises(ValueError, match="at most 3660"):
        explain(calendar, (MAX_EXPLAIN_DAYS + 1, DayKind.CALENDAR), D(2005, 1, 1))


def test_explanation_into_a_missing_year_fails_loudly(calendar: WorkingCalendar) -> None:
    with pytest.raises(MissingScheduleError, match="2027"):
        explain(calendar, (10, DayKind.WORKING), D(2026, 12, 28))
