"""Celery's side of the registry: beat sends `jobs.run` with a job's name (config/celery.py
builds the schedule from the registry); the worker runs it through `job_run`, recorded and
claimed like a run of the embedded scheduler."""

from __future__ import annotations

from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from .models import JobTrigger
from .registry import get_job
from .schedule import previous_due
from .services import job_run

# The worker names the slot from its own clock; beat's host may run a little ahead of it, and a
# 07:00 sent at 06:59:59.9 worker time must still claim 07:00, not yesterday's slot.
CLOCK_SKEW = timedelta(seconds=30)


@shared_task(name="jobs.run")
def run(name: str) -> str:
    """Returns the outcome ("ok", "failed"), or "skipped" when the slot ran elsewhere."""
    job = get_job(name)
    slot = previous_due(job, now=timezone.now() + CLOCK_SKEW)
    record = job_run(job=job, trigger=JobTrigger.CELERY, slot=slot)
    return record.outcome if record else "skipped"
