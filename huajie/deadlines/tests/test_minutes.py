"""Minute limits on real moments: midnight, month end, year end, leap day, zones and lateness."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from huajie.deadlines import LOCAL_ZONE, MinuteRule, compute_due_at, is_passed, minutes_late

SH = LOCAL_ZONE
ON_SITE = MinuteRule("incident.on_site", 30, "《某镇突发事件应急预案》", "自接报时起")
FIRST_REPORT = MinuteRule("incident.first_report", 60, "《某镇突发事件应急预案》", "自接报时起")
UNIT_HEAD = MinuteRule(
    "accident.unit_head_report",
    60,
    "《生产安全事故报告和调查处理条例》第九条",
    "自单位负责人接到报告时起",
)
EACH_LEVEL = MinuteRule(
    "accident.level_report", 120, "《生产安全事故报告和调查处理条例》第十一条", "自接到报告时起"
)


def sh(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=SH)


@pytest.mark.parametrize(
    ("rule", "start", "due_at"),
    [
        (ON_SITE, sh(2026, 3, 5, 23, 45), sh(2026, 3, 6, 0, 15)),  # across midnight
        (FIRST_REPORT, sh(2026, 4, 30, 23, 30), sh(2026, 5, 1, 0, 30)),  # month end
        (ON_SITE, sh(2026, 12, 31, 23, 50), sh(2027, 1, 1, 0, 20)),  # year end, no 2027 needed
        (UNIT_HEAD, sh(2028, 2, 28, 23, 30), sh(2028, 2, 29, 0, 30)),  # into the leap day
        (EACH_LEVEL, sh(2028, 2, 29, 23, 0), sh(2028, 3, 1, 1, 0)),  # out of the leap day
        (EACH_LEVEL, sh(2026, 2, 16, 10, 0), sh(2026, 2, 16, 12, 0)),  # a holiday changes nothing
    ],
)
def test_due_at_on_real_moments(rule: MinuteRule, start: datetime, due_at: datetime) -> None:
    due = compute_due_at(rule, start)
    assert due.due_at == due_at
    assert due.due_at.tzinfo is SH
    assert (due.start, due.rule_code, due.minutes) == (start, rule.code, rule.minutes)
    assert (due.source, due.start_event, due.calendar_version) == (
        rule.source,
        rule.start_event,
        "",
    )


def test_the_result_keeps_the_zone_of_the_start() -> None:
    plus8 = timezone(timedelta(hours=8))
    due = compute_due_at(ON_SITE, datetime(2026, 3, 5, 23, 45, tzinfo=plus8))
    assert due.due_at.tzinfo is plus8
    assert due.due_at.isoformat() == "2026-03-06T00:15:00+08:00"
    in_utc = compute_due_at(ON_SITE, datetime(2026, 3, 5, 15, 45, tzinfo=UTC))
    assert in_utc.due_at == sh(2026, 3, 6, 0, 15)


def test_elapsed_time_is_real_across_a_daylight_saving_change() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    # 2026-03-29 02:00 CET jumps to 03:00 CEST: one real hour after 01:30 is 03:30 on the wall.
    spring = compute_due_at(FIRST_REPORT, datetime(2026, 3, 29, 1, 30, tzinfo=berlin))
    assert spring.due_at.isoformat() == "2026-03-29T03:30:00+02:00"
    # 2026-10-25 03:00 CEST falls back to 02:00 CET: 01:30 + 2 hours is 02:30 CET, the 2nd one.
    autumn = compute_due_at(EACH_LEVEL, datetime(2026, 10, 25, 1, 30, tzinfo=berlin))
    assert autumn.due_at.isoformat() == "2026-10-25T02:30:00+01:00"
    assert autumn.due_at.fold == 1


def test_a_naive_start_is_refused() -> None:
    with pytest.raises(ValueError, match="has no time zone"):
        compute_due_at(ON_SITE, datetime(2026, 3, 5, 23, 45))  # noqa: DTZ001


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"code": ""}, "needs a code"),
        ({"minutes": 0}, "positive integer"),
        ({"minutes": True}, "positive integer"),
        ({"minutes": 1.5}, "positive integer"),
    ],
)
def test_invalid_minute_rules_are_refused(kwargs: dict[str, object], message: str) -> None:
    fields: dict[str, object] = {
        "code": "x.y",
        "minutes": 30,
        "source": "s",
        "start_event": "自接报时起",
    }
    fields.update(kwargs)
    with pytest.raises(ValueError, match=message):
        MinuteRule(**fields)  # type: ignore[arg-type]


def test_a_minute_rule_may_be_a_window() -> None:
    assert not ON_SITE.window
    assert MinuteRule("x.y", 30, "s", "自起", window=True).window


DUE = sh(2026, 3, 6, 0, 15)


@pytest.mark.parametrize(
    ("done_at", "late", "passed"),
    [
        (sh(2026, 3, 6, 0, 0), 0, False),
        (DUE, 0, False),  # exactly on the due moment is on time
        (DUE + timedelta(microseconds=1), 1, True),
        (DUE + timedelta(seconds=30), 1, True),  # a started minute counts
        (DUE + timedelta(minutes=2), 2, True),
        (DUE + timedelta(minutes=2, seconds=1), 3, True),
        (DUE + timedelta(days=1), 1440, True),
        (datetime(2026, 3, 5, 16, 20, tzinfo=UTC), 5, True),  # another zone, same instant + 5
    ],
)
def test_lateness_and_passing(done_at: datetime, late: int, passed: bool) -> None:
    assert minutes_late(DUE, done_at) == late
    assert is_passed(DUE, done_at) is passed


def test_lateness_counts_real_minutes_across_daylight_saving() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    due = datetime(2026, 3, 29, 1, 30, tzinfo=berlin)
    # Same tzinfo object: Python would subtract wall-clock times (2 h); real time is 1 h.
    assert minutes_late(due, datetime(2026, 3, 29, 3, 30, tzinfo=berlin)) == 60


def test_naive_moments_are_refused_for_lateness() -> None:
    with pytest.raises(ValueError, match="has no time zone"):
        minutes_late(DUE, datetime(2026, 3, 6, 1, 0))  # noqa: DTZ001
    with pytest.raises(ValueError, match="has no time zone"):
        is_passed(datetime(2026, 3, 6, 1, 0), DUE)  # noqa: DTZ001
