from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import IntegrityError, transaction

from huajie.jobs.models import JobOutcome, JobRun, JobTrigger
from huajie.jobs.registry import Job
from huajie.jobs.services import (
    INTERRUPTED,
    STALE_AFTER,
    job_run,
    job_runs_prune,
    jobs_run_due,
)

TZ = ZoneInfo("Asia/Shanghai")
START = datetime(2026, 3, 2, 9, 0, tzinfo=TZ)
SEVEN = datetime(2026, 3, 2, 7, 0, tzinfo=TZ)


def boom() -> None:
    raise RuntimeError("磁盘已满")


def daily(name: str, run=lambda: 3) -> Job:
    return Job(name=name, run=run, at=(time(7, 0),))


@pytest.mark.django_db
def test_a_run_is_recorded_with_its_summary():
    with time_machine.travel(START, tick=False):
        run = job_run(job=daily("t.ok"), trigger=JobTrigger.COMMAND)
    assert run is not None
    run.refresh_from_db()
    assert (run.job, run.outcome, run.result, run.error) == ("t.ok", JobOutcome.OK, "3", "")
    assert run.started_at == run.finished_at == START
    assert run.trigger == JobTrigger.COMMAND and run.slot is None


@pytest.mark.django_db
def test_a_failing_job_is_recorded_with_its_traceback_and_not_raised(caplog):
    run = job_run(job=daily("t.boom", boom), trigger=JobTrigger.SCHEDULER, slot=SEVEN)
    assert run is not None and run.outcome == JobOutcome.FAILED
    assert "RuntimeError: 磁盘已满" in run.error and "Traceback" in run.error
    assert run.finished_at is not None
    assert "Job t.boom failed" in caplog.text


@pytest.mark.django_db
def test_a_job_does_not_start_while_it_is_running_elsewhere():
    inner: list[JobRun | None] = []
    job = daily("t.nested")
    nested = Job(
        name="t.nested",
        run=lambda: inner.append(job_run(job=job, trigger=JobTrigger.COMMAND)),
        at=job.at,
    )
    outer = job_run(job=nested, trigger=JobTrigger.SCHEDULER, slot=SEVEN)
    assert inner == [None]
    assert outer is not None and outer.outcome == JobOutcome.OK
    assert JobRun.objects.count() == 1
    assert job_run(job=job, trigger=JobTrigger.COMMAND) is not None  # free again


@pytest.mark.django_db
def test_a_slot_runs_once_however_many_schedulers_ask():
    job = daily("t.slot")
    assert job_run(job=job, trigger=JobTrigger.SCHEDULER, slot=SEVEN) is not None
    assert job_run(job=job, trigger=JobTrigger.CELERY, slot=SEVEN) is None
    assert job_run(job=job, trigger=JobTrigger.COMMAND) is not None  # on demand: no slot
    assert JobRun.objects.filter(job="t.slot").count() == 2


@pytest.mark.django_db
def test_the_database_itself_refuses_a_second_running_row_and_a_slot_twice():
    done: dict[str, Any] = {"outcome": JobOutcome.OK, "started_at": SEVEN, "finished_at": START}
    JobRun.objects.create(job="t.db", trigger=JobTrigger.SCHEDULER, slot=SEVEN)
    with pytest.raises(IntegrityError), transaction.atomic():
        JobRun.objects.create(job="t.db", trigger=JobTrigger.COMMAND)
    JobRun.objects.filter(job="t.db").update(**done)
    with pytest.raises(IntegrityError), transaction.atomic():
        JobRun.objects.create(job="t.db", trigger=JobTrigger.CELERY, slot=SEVEN, **done)
    for broken in [{"outcome": JobOutcome.OK}, {**done, "finished_at": SEVEN - timedelta(1)}]:
        with pytest.raises(IntegrityError), transaction.atomic():
            JobRun.objects.create(job="t.other", trigger=JobTrigger.COMMAND, **broken)


@pytest.mark.django_db
def test_a_run_left_running_by_a_killed_process_is_closed_after_the_stale_limit():
    with time_machine.travel(START, tick=False) as clock:
        dead = JobRun.objects.create(job="t.stale", trigger=JobTrigger.SCHEDULER)
        clock.shift(STALE_AFTER - timedelta(minutes=1))
        assert job_run(job=daily("t.stale"), trigger=JobTrigger.COMMAND) is None
        clock.shift(timedelta(minutes=2))
        assert job_run(job=daily("t.stale"), trigger=JobTrigger.COMMAND) is not None
    dead.refresh_from_db()
    assert dead.outcome == JobOutcome.FAILED and dead.error == INTERRUPTED


@pytest.mark.django_db
def test_an_interrupted_run_closes_its_record_and_lets_the_interruption_through():
    def interrupted() -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        job_run(job=daily("t.ctrl-c", interrupted), trigger=JobTrigger.SCHEDULER)
    run = JobRun.objects.get(job="t.ctrl-c")
    assert run.outcome == JobOutcome.FAILED and "KeyboardInterrupt" in run.error


@pytest.mark.django_db
def test_due_jobs_run_once_per_slot_and_a_missed_daily_slot_is_caught_up(only_jobs):
    calls: list[str] = []
    only_jobs(
        daily("t.daily", lambda: calls.append("daily")),
        Job(name="t.minute", run=lambda: calls.append("minute"), every=timedelta(minutes=1)),
    )
    with time_machine.travel(START, tick=False) as clock:  # 09:00: 07:00 was missed
        assert {r.job for r in jobs_run_due()} == {"t.daily", "t.minute"}
        assert jobs_run_due() == []
        clock.shift(timedelta(minutes=1))
        assert [r.job for r in jobs_run_due()] == ["t.minute"]
    assert calls.count("daily") == 1 and calls.count("minute") == 2
    assert JobRun.objects.get(job="t.daily").slot == SEVEN


@pytest.mark.django_db
def test_runs_older_than_thirty_days_are_pruned():
    with time_machine.travel(START - timedelta(days=31), tick=False):
        job_run(job=daily("t.old"), trigger=JobTrigger.COMMAND)
    with time_machine.travel(START - timedelta(days=29), tick=False):
        job_run(job=daily("t.recent"), trigger=JobTrigger.COMMAND)
    with time_machine.travel(START, tick=False):
        assert job_runs_prune() == 1
    assert list(JobRun.objects.values_list("job", flat=True)) == ["t.recent"]
