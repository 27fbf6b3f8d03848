"""Celery beat and the embedded scheduler read the one registry: no second list anywhere."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from celery.schedules import crontab, schedule
from django.conf import settings

from config.celery import app, beat_schedule
from huajie.jobs import tasks
from huajie.jobs.models import JobRun, JobTrigger
from huajie.jobs.registry import Job, all_jobs
from huajie.jobs.selectors import job_status_list
from huajie.jobs.services import jobs_run_due

TZ = ZoneInfo("Asia/Shanghai")


def test_beat_sends_the_generic_task_once_per_registered_job_and_daily_time():
    entries = app.conf.beat_schedule
    assert entries == beat_schedule()
    assert {entry["task"] for entry in entries.values()} == {"jobs.run"}
    assert sorted(entry["args"][0] for entry in entries.values()) == sorted(
        job.name for job in all_jobs() for _ in (job.at or [job.every])
    )
    assert not hasattr(settings, "CELERY_BEAT_SCHEDULE")


@pytest.mark.django_db
def test_a_new_job_appears_in_beat_and_in_the_scheduler_without_a_second_list(extra_job):
    extra_job(Job(name="t.five", run=lambda: None, every=timedelta(minutes=5)))
    extra_job(Job(name="t.twice", run=lambda: None, at=(time(7, 0), time(19, 30))))
    extra_job(Job(name="t.monthly", run=lambda: None, at=(time(2, 30),), day_of_month=1))
    registered = {job.name for job in all_jobs()}

    entries = beat_schedule()
    assert entries["t.five"]["schedule"] == schedule(run_every=timedelta(minutes=5))
    assert entries["t.twice@07:00"]["schedule"] == crontab(hour=7, minute=0)
    assert entries["t.twice@19:30"]["schedule"] == crontab(hour=19, minute=30)
    assert entries["t.monthly@02:30"]["schedule"] == crontab(hour=2, minute=30, day_of_month=1)
    assert {entry["args"][0] for entry in entries.values()} == registered

    assert {run.job for run in jobs_run_due()} == registered
    assert {status.job.name for status in job_status_list()} == registered


@pytest.mark.django_db
def test_the_task_runs_the_job_through_the_recorded_path_and_claims_its_slot():
    # beat's host runs half a second ahead of the worker's: the run still answers 03:30
    with time_machine.travel(datetime(2026, 3, 2, 3, 29, 59, 500000, tzinfo=TZ), tick=False):
        assert tasks.run("jobs.prune_runs") == "ok"
        assert tasks.run("jobs.prune_runs") == "skipped"
    run = JobRun.objects.get()
    assert run.trigger == JobTrigger.CELERY
    assert run.slot == datetime(2026, 3, 2, 3, 30, tzinfo=TZ)
