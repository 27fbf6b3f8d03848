"""The embedded scheduler for the SQLite setup: runs the daily jobs without Celery or cron.

Production runs the same jobs with Celery beat on Redis (settings.CELERY_BEAT_SCHEDULE). Here
each job runs once at start and then every day at `--at` (local time). `make run` starts it next
to the development server.
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

DAILY_JOBS = ["sweep_deadlines"]


class Command(BaseCommand):
    help = "Run the daily jobs (deadline sweep) now and then every day at --at (HH:MM)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--at", default="07:00", help="local time of the daily run")
        parser.add_argument("--once", action="store_true", help="run the jobs once and exit")

    def handle(self, *args: Any, **options: Any) -> None:
        hour, minute = (int(p) for p in options["at"].split(":"))
        while True:
            for job in DAILY_JOBS:
                try:
                    call_command(job, stdout=self.stdout)
                except Exception as exc:  # one failing job must not stop the scheduler
                    self.stderr.write(f"{job} failed: {exc}")
            if options["once"]:
                return
            now = timezone.localtime()
            time.sleep(max(1.0, (next_run(now, hour, minute) - now).total_seconds()))


def next_run(now: datetime, hour: int, minute: int) -> datetime:
    target = now.replace(hour=hour, minute=minute, second=0, microsecond=0)
    return target if target > now else target + timedelta(days=1)
