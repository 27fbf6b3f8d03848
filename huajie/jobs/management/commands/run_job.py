"""Run one registered job now, recorded like a scheduled run: `manage.py run_job
petitions.sweep_deadlines` (what cron calls). Without a name it lists the jobs with their
schedule, last run and next due time."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from huajie.jobs.models import JobOutcome, JobRun, JobTrigger
from huajie.jobs.registry import all_jobs, get_job
from huajie.jobs.selectors import job_status_list
from huajie.jobs.services import job_run


def run_line(run: JobRun) -> str:
    """One line per run: time, job, outcome and its summary (or the error's last line)."""
    at = timezone.localtime(run.started_at)
    line = f"{at:%Y-%m-%d %H:%M:%S} {run.job} {run.get_outcome_display()}"
    text = run.result if run.outcome == JobOutcome.OK else run.error.strip()
    return f"{line}：{text.splitlines()[-1]}" if text else line


class Command(BaseCommand):
    help = "Run one periodic job now (for cron); without a name, list the jobs."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "name", nargs="?", help="the job's name, e.g. petitions.sweep_deadlines"
        )

    def handle(self, *args: Any, name: str | None = None, **options: Any) -> None:
        if not name:
            self._list()
            return
        try:
            job = get_job(name)
        except KeyError:
            known = "、".join(job.name for job in all_jobs())
            raise CommandError(f"没有名为 {name} 的任务。已登记的任务：{known}。") from None
        run = job_run(job=job, trigger=JobTrigger.COMMAND)
        if run is None:
            self.stdout.write(f"{name} 正在其他进程中运行，本次未执行；请等它结束后再试。")
            return
        self.stdout.write(run_line(run))
        if run.outcome == JobOutcome.FAILED:
            raise CommandError(
                f"{name} 运行失败，错误信息已记入运行记录（后台“定时任务运行记录”）。"
            )

    def _list(self) -> None:
        for status in job_status_list():
            last = status.last_run
            previous = (
                f"{timezone.localtime(last.started_at):%Y-%m-%d %H:%M:%S} "
                f"{last.get_outcome_display()}"
                if last
                else "从未运行"
            )
            self.stdout.write(
                f"{status.job.name}  {status.schedule}  上次：{previous}  "
                f"下次：{timezone.localtime(status.next_due):%Y-%m-%d %H:%M}"
            )
