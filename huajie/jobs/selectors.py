"""Reads: has a slot run, and each job's last run and next due time (the admin's overview)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from .models import JobRun
from .registry import Job, all_jobs
from .schedule import next_due, previous_due, schedule_label


def job_slot_taken(*, job: Job, slot: datetime) -> bool:
    return JobRun.objects.filter(job=job.name, slot=slot).exists()


@dataclass(frozen=True)
class JobStatus:
    job: Job
    schedule: str
    last_run: JobRun | None
    next_due: datetime
    missed: datetime | None  # the latest slot, when it has not run yet


def job_status_list(*, now: datetime | None = None) -> list[JobStatus]:
    """Every registered job with its last run and when it is next due. Two small queries per
    job: there are a handful of jobs."""
    now = now or timezone.now()
    statuses = []
    for job in all_jobs():
        slot = previous_due(job, now=now)
        statuses.append(
            JobStatus(
                job=job,
                schedule=schedule_label(job),
                last_run=JobRun.objects.filter(job=job.name).order_by("-started_at", "-id").first(),
                next_due=next_due(job, after=now),
                missed=None if job_slot_taken(job=job, slot=slot) else slot,
            )
        )
    return statuses
