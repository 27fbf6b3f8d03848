"""Celery app: Redis broker in production (REDIS_URL); eager in the embedded setup.

Beat's schedule is the jobs registry (huajie/jobs/registry.py), the same list the embedded
scheduler reads: one entry per `every` job (an interval) and per daily time (a crontab in
CELERY_TIMEZONE, Asia/Shanghai; on its day for a monthly job), each sending the one generic task
`jobs.run` with the job's name.
"""

from __future__ import annotations

import os
from typing import Any

import django
from celery import Celery
from celery.schedules import crontab, schedule
from django.apps import apps

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
app = Celery("huajie")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def beat_schedule() -> dict[str, dict[str, Any]]:
    from huajie.jobs.registry import all_jobs

    entries: dict[str, dict[str, Any]] = {}
    for job in all_jobs():
        if job.every is not None:
            entries[job.name] = {
                "task": "jobs.run",
                "schedule": schedule(run_every=job.every),
                "args": (job.name,),
            }
        for at in job.at:
            entries[f"{job.name}@{at:%H:%M}"] = {
                "task": "jobs.run",
                "schedule": crontab(
                    hour=at.hour, minute=at.minute, day_of_month=job.day_of_month or "*"
                ),
                "args": (job.name,),
            }
    return entries


@app.on_after_configure.connect
def schedule_registered_jobs(sender: Celery, **kwargs: Any) -> None:
    """Fill beat's schedule once the configuration is read; the registry needs the apps loaded
    (each app's jobs.py is imported by the jobs app's `ready`)."""
    if not apps.ready:
        django.setup()
    sender.conf.beat_schedule = beat_schedule()
