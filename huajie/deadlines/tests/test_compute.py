"""compute_deadline with the 2022 Regulations' default rules on real dates."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from huajie.deadlines import (
    DEFAULT_RULES,
    DayKind,
    DeadlineRule,
    MissingScheduleError,
    WorkingCalendar,
    YearSchedule,
    compute_deadline,
)

D = date


@pytest.mark.parametrize(
    ("code", "start", "due", "rolled_from"),
    [
        # Received the day before National Day 2025 (break 10-01..10-08).
        ("petition.register_route", D(2025, 9, 30), D(2025, 10, 15), None),
        ("petition.acceptance_notice", D(2025, 9, 30), D(2025, 10, 15), None),
        ("petition.objection_not_competent", D(2025, 9, 30), D(2025, 10, 14), None),
        ("petition.handling", D(2025, 9, 30), D(2025, 12, 1), D(2025, 11, 29)),  # Saturday
        # 15th day falls inside the National Day break: next working day is 10-09.
        ("petition.register_route", D(2025, 9, 16), D(2025, 10, 9), D(2025, 10, 1)),
        ("petition.register_route", D(2025, 9, 23), D(2025, 10, 9), D(2025, 10, 8)),
        # 15th day is the make-up Saturday 2025-10-11: a working day, no roll-forward.
        ("petition.acceptance_notice", D(2025, 9, 26), D(2025, 10, 11), None),
        # Spring Festival 2026 (break 02-15..02-23, make-up Saturdays 02-14 and 02-28).
        ("petition.register_route", D(2026, 2, 1), D(2026, 2, 24), D(2026, 2, 16)),
        ("petition.review_request", D(2026, 1, 15), D(2026, 2, 14), None),
        ("petition.review_answer", D(2026, 1, 29), D(2026, 2, 28), None),  # make-up Saturday
        ("petition.objection_not_competent", D(2026, 2, 12), D(2026, 2, 26), None),
        # Leap years.
        ("petition.review_request", D(2024, 1, 30), D(2024, 2, 29), None),
        ("petition.rereview_request", D(2023, 1, 30), D(2023, 3, 1), None),
        # New Year 2026: 01-01..01-03 off, make-up Sunday 01-04.
        ("petition.rereview_answer", D(2025, 12, 2), D(2026, 1, 4), D(2026, 1, 1)),
    ],
)
def test_default_rules_on_real_dates(
    calendar: WorkingCalendar, code: str, start: date, due: date, rolled_from: date | None
) -> None:
    deadline = compute_deadline(calendar, DEFAULT_RULES[code], start)
    assert deadline.due == due
    assert deadline.rolled_forward_from == rolled_from


def test_deadline_records_rule_and_calendar(
    calendar: WorkingCalendar, package_schedules: dict[int, YearSchedule]
) -> None:
    rule = DEFAULT_RULES["petition.handling"]
    deadline = compute_deadline(calendar, rule, D(2025, 12, 15))
    assert deadline.start == D(2025, 12, 15)
    assert deadline.due == D(2026, 2, 13)
    assert deadline.rule_code == "petition.handling"
    assert deadline.days == 60
    assert deadline.kind is DayKind.CALENDAR
    assert deadline.source == "《信访工作条例》第三十四条"
    assert deadline.start_event == "自受理之日起"
    assert deadline.calendar_version == (
        f"{package_schedules[2025].version},{package_schedules[2026].version}"
    )
    with pytest.raises(AttributeError):  # immutable
        deadline.due = D(2026, 3, 1)  # type: ignore[misc]


def test_without_roll_forward_a_limit_may_end_on_a_rest_day(calendar: WorkingCalendar) -> None:
    rule = replace(DEFAULT_RULES["petition.handling"], roll_forward_if_rest_day=False)
    deadline = compute_deadline(calendar, rule, D(2025, 9, 30))
    assert deadline.due == D(2025, 11, 29)
    assert deadline.rolled_forward_from is None


def test_roll_forward_over_a_whole_holiday_week(calendar: WorkingCalendar) -> None:
    rule = DeadlineRule("test.three", 3, DayKind.CALENDAR, "test", "自收到之日起")
    deadline = compute_deadline(calendar, rule, D(2025, 10, 1))
    assert deadline.due == D(2025, 10, 9)
    assert deadline.rolled_forward_from == D(2025, 10, 4)


def test_a_deadline_into_2027_fails_loudly(calendar: WorkingCalendar) -> None:
    with pytest.raises(MissingScheduleError, match="No working-day schedule for 2027") as caught:
        compute_deadline(calendar, DEFAULT_RULES["petition.handling"], D(2026, 11, 15))
    assert caught.value.year == 2027


def test_roll_forward_into_2027_fails_loudly(package_schedules: dict[int, YearSchedule]) -> None:
    # 2026-12-31 made a rest day by an admin: the roll-forward needs 2027.
    changed = replace(package_schedules[2026], holidays=frozenset({D(2026, 12, 31)}))
    calendar = WorkingCalendar({**package_schedules, 2026: changed})
    with pytest.raises(MissingScheduleError, match="for 2027"):
        compute_deadline(calendar, DEFAULT_RULES["petition.register_route"], D(2026, 12, 16))


def test_a_deadline_works_once_2027_is_entered(
    package_schedules: dict[int, YearSchedule],
) -> None:
    admin = YearSchedule(
        year=2027,
        holidays=frozenset({D(2027, 1, 1)}),
        source="admin: 国办发明电〔2026〕x号",
    )
    calendar = WorkingCalendar({**package_schedules, 2027: admin})
    deadline = compute_deadline(calendar, DEFAULT_RULES["petition.handling"], D(2026, 11, 15))
    assert deadline.due == D(2027, 1, 14)
    assert deadline.calendar_version.endswith(admin.version)
