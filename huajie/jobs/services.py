"""Running a job: claim it, run it, record what happened. The embedded scheduler, Celery's
`jobs.run` task and `manage.py run_job` all come through `job_run`."""

from __future__ import annotations

import logging
import traceback
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from huajie.common.timeline import EventSource, event_source

from .models import JobOutcome, JobRun, JobTrigger
from .registry import Job, all_jobs
from .schedule import previous_due
from .selectors import job_slot_taken

logger = logging.getLogger(__name__)

# A run still marked running after this long is taken as dead (its process was killed): the
# next claim records it as failed and the job can run again.
STALE_AFTER = timedelta(hours=1)
KEEP_RUNS_DAYS = 30
RESULT_MAX = 500
ERROR_MAX = 10_000
INTERRUPTED = "运行中断：进程在任务结束前退出，本次运行未完成。"


def job_run(*, job: Job, trigger: JobTrigger, slot: datetime | None = None) -> JobRun | None:
    """Run `job` once and record the run. `slot` is the scheduled time this run answers (None
    for a run on demand). Returns None, running nothing, when the job is running elsewhere or
    the slot has been claimed already. A failing job is logged and recorded, never raised."""
    run = _claim(job=job, trigger=trigger, slot=slot)
    if run is None:
        return None
    try:
        with event_source(EventSource.JOB):
            result = job.run()
    except Exception:
        logger.exception("Job %s failed", job.name)
        _finish(run, outcome=JobOutcome.FAILED, error=traceback.format_exc()[-ERROR_MAX:])
    except BaseException as exc:  # Ctrl+C or a stop signal: close the record, then stop
        _finish(run, outcome=JobOutcome.FAILED, error=f"{INTERRUPTED}（{type(exc).__name__}）")
        raise
    else:
        summary = "" if result is None else str(result)[:RESULT_MAX]
        _finish(run, outcome=JobOutcome.OK, result=summary)
    return run


def jobs_run_due(*, now: datetime | None = None) -> list[JobRun]:
    """Run each registered job whose latest slot (at or before `now`) has not run yet — a daily
    job missed while the machine was off runs once when the scheduler starts again."""
    now = now or timezone.now()
    runs = []
    for job in all_jobs():
        slot = previous_due(job, now=now)
        if job_slot_taken(job=job, slot=slot):
            continue
        if run := job_run(job=job, trigger=JobTrigger.SCHEDULER, slot=slot):
            runs.append(run)
    return runs


def job_runs_prune(*, now: datetime | None = None) -> int:
    """Delete the runs started more than KEEP_RUNS_DAYS ago; returns how many."""
    cutoff = (now or timezone.now()) - timedelta(days=KEEP_RUNS_DAYS)
    deleted, _ = JobRun.objects.filter(started_at__lt=cutoff).delete()
    return deleted


def _claim(*, job: Job, trigger: JobTrigger, slot: datetime | None) -> JobRun | None:
    now = timezone.now()
    JobRun.objects.filter(
        job=job.name, outcome=JobOutcome.RUNNING, started_at__lt=now - STALE_AFTER
    ).update(outcome=JobOutcome.FAILED, finished_at=now, error=INTERRUPTED)
    try:
        with transaction.atomic():
            return JobRun.objects.create(job=job.name, trigger=trigger, slot=slot, started_at=now)
    except IntegrityError:
        logger.info("Job %s not started: running elsewhere or slot %s taken", job.name, slot)
        return None


def _finish(run: JobRun, *, outcome: JobOutcome, result: str = "", error: str = "") -> None:
    run.outcome, run.result, run.error = outcome, result, error
    run.finished_at = max(timezone.now(), run.started_at)  # a clock stepped back mid-run
    run.save(update_fields=["outcome", "result", "error", "finished_at"])
