"""The embedded scheduler: runs the registry's jobs without Celery or cron. `make run` starts it
next to the development server; production may run the same registry with Celery beat.

Each round runs the jobs whose latest slot has not run yet (so a daily job missed while the
machine was off runs once at start), then sleeps until the next slot. A failing job is logged and
recorded and the scheduler carries on; two schedulers never run the same job at once (the claim
is a database row, huajie/jobs/models.py).
"""

from __future__ import annotations

import logging
import signal
import sys
import time
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections
from django.utils import timezone

from huajie.jobs.registry import all_jobs
from huajie.jobs.schedule import next_wake
from huajie.jobs.services import jobs_run_due

from .run_job import run_line

logger = logging.getLogger(__name__)
IDLE_SECONDS = 60.0  # the wait when no job is registered, or after a round that failed


def _stop(signum: int, frame: FrameType | None) -> None:
    sys.exit(0)  # SystemExit: a running job records itself as interrupted before we exit


class Command(BaseCommand):
    help = "Run the registered periodic jobs when due (Asia/Shanghai); --once runs what is due now."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="run the jobs due now and exit")

    def handle(self, *args: Any, **options: Any) -> None:
        previous = signal.signal(signal.SIGTERM, _stop)
        try:
            self._loop(once=options["once"])
        finally:
            signal.signal(signal.SIGTERM, previous)

    def _loop(self, *, once: bool) -> None:
        if once:
            self._round()
            return
        while True:
            close_old_connections()
            try:
                wait = self._round()
            except Exception:  # the database is away, say: try again in a minute
                logger.exception("Scheduler round failed")
                wait = IDLE_SECONDS
            self.stdout.flush()
            time.sleep(wait)

    def _round(self) -> float:
        """Run what is due; return the seconds until the next slot."""
        for run in jobs_run_due():
            self.stdout.write(run_line(run))
        now = timezone.now()
        wake = next_wake(all_jobs(), after=now)
        return IDLE_SECONDS if wake is None else max(1.0, (wake - now).total_seconds())
