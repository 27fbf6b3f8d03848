from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from huajie.jobs.registry import Job
from huajie.jobs.schedule import next_due, next_wake, previous_due, schedule_label

TZ = ZoneInfo("Asia/Shanghai")
EVERY_MINUTE = Job(name="t.minute", run=lambda: None, every=timedelta(minutes=1))
EVERY_5 = Job(name="t.five", run=lambda: None, every=timedelta(minutes=5))
DAILY_7 = Job(name="t.daily", run=lambda: None, at=(time(7, 0),))
TWICE = Job(name="t.twice", run=lambda: None, at=(time(19, 0), time(7, 0)))


def at(year: int, month: int, day: int, hour: int, minute: int, second: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=TZ)


@pytest.mark.parametrize(
    ("now", "previous", "following"),
    [
        (at(2026, 3, 2, 10, 15, 30), at(2026, 3, 2, 10, 15), at(2026, 3, 2, 10, 16)),
        (at(2026, 3, 2, 10, 15), at(2026, 3, 2, 10, 15), at(2026, 3, 2, 10, 16)),
        (at(2026, 3, 2, 23, 59, 59), at(2026, 3, 2, 23, 59), at(2026, 3, 3, 0, 0)),
    ],
)
def test_every_minute_is_due_on_each_minute(now, previous, following):
    with time_machine.travel(now, tick=False):
        assert previous_due(EVERY_MINUTE) == previous
        assert next_due(EVERY_MINUTE) == following


def test_every_five_minutes_lies_on_the_clock_grid_whoever_computes_it():
    with time_machine.travel(at(2026, 3, 2, 10, 17, 42), tick=False):
        assert previous_due(EVERY_5) == at(2026, 3, 2, 10, 15)
        assert next_due(EVERY_5) == at(2026, 3, 2, 10, 20)


@pytest.mark.parametrize(
    ("now", "previous", "following"),
    [
        # before 07:00: yesterday's run was the last, today's is next
        (at(2026, 3, 2, 6, 59), at(2026, 3, 1, 7, 0), at(2026, 3, 2, 7, 0)),
        # on the dot: it is due now, the next is tomorrow
        (at(2026, 3, 2, 7, 0), at(2026, 3, 2, 7, 0), at(2026, 3, 3, 7, 0)),
        # across midnight (Shanghai midnight is 16:00 UTC)
        (at(2026, 3, 2, 23, 59, 59), at(2026, 3, 2, 7, 0), at(2026, 3, 3, 7, 0)),
        (at(2026, 3, 3, 0, 0, 1), at(2026, 3, 2, 7, 0), at(2026, 3, 3, 7, 0)),
        # across the year and a leap day
        (at(2025, 12, 31, 8, 0), at(2025, 12, 31, 7, 0), at(2026, 1, 1, 7, 0)),
        (at(2028, 2, 29, 6, 0), at(2028, 2, 28, 7, 0), at(2028, 2, 29, 7, 0)),
    ],
)
def test_daily_at_seven_in_shanghai_time(now, previous, following):
    with time_machine.travel(now, tick=False):
        assert previous_due(DAILY_7) == previous
        assert next_due(DAILY_7) == following


def test_a_job_with_two_daily_times_is_due_at_each():
    with time_machine.travel(at(2026, 3, 2, 12, 0), tick=False):
        assert previous_due(TWICE) == at(2026, 3, 2, 7, 0)
        assert next_due(TWICE) == at(2026, 3, 2, 19, 0)
    with time_machine.travel(at(2026, 3, 2, 20, 0), tick=False):
        assert next_due(TWICE) == at(2026, 3, 3, 7, 0)


def test_the_scheduler_wakes_for_the_first_job_due_in_a_list_of_both_kinds():
    jobs = [DAILY_7, EVERY_MINUTE]
    with time_machine.travel(at(2026, 3, 2, 6, 59, 30), tick=False):
        assert next_wake(jobs) == at(2026, 3, 2, 7, 0)
    with time_machine.travel(at(2026, 3, 2, 23, 59, 30), tick=False):
        assert next_wake(jobs) == at(2026, 3, 3, 0, 0)
        assert next_wake([DAILY_7]) == at(2026, 3, 3, 7, 0)
    assert next_wake([]) is None


def test_schedule_labels():
    assert schedule_label(DAILY_7) == "每天 07:00"
    assert schedule_label(TWICE) == "每天 07:00、19:00"
    assert schedule_label(EVERY_5) == "每 5 分钟"
    assert (
        schedule_label(Job(name="t.h", run=lambda: None, every=timedelta(hours=2))) == "每 2 小时"
    )


MONTHLY = Job(name="t.monthly", run=lambda: None, at=(time(2, 30),), day_of_month=1)


@pytest.mark.parametrize(
    "now, previous, following",
    [
        (at(2026, 3, 1, 2, 30), at(2026, 3, 1, 2, 30), at(2026, 4, 1, 2, 30)),
        (at(2026, 3, 1, 2, 29), at(2026, 2, 1, 2, 30), at(2026, 3, 1, 2, 30)),
        (at(2026, 3, 31, 23, 0), at(2026, 3, 1, 2, 30), at(2026, 4, 1, 2, 30)),
        (at(2026, 12, 15, 12, 0), at(2026, 12, 1, 2, 30), at(2027, 1, 1, 2, 30)),
    ],
)
def test_a_monthly_job_is_due_on_its_day_of_each_month(now, previous, following):
    with time_machine.travel(now, tick=False):
        assert previous_due(MONTHLY) == previous
        assert next_due(MONTHLY) == following
    assert schedule_label(MONTHLY) == "每月 1 日 02:30"


def test_a_monthly_job_needs_a_time_and_a_day_every_month_has():
    for day in (0, 29):
        with pytest.raises(ValueError, match="1 to 28"):
            Job(name="t.bad", run=lambda: None, at=(time(2, 30),), day_of_month=day)
    with pytest.raises(ValueError):
        Job(name="t.bad", run=lambda: None, every=timedelta(hours=1), day_of_month=1)
