"""The one list of periodic jobs. Each app declares its jobs in `<app>/jobs.py`:

    register(Job(name="petitions.sweep_deadlines", run=petitions_sweep, at=(time(7, 0),),
                 description="每日期限巡检：即将到期和已超期的事项汇总提醒"))

A job runs either every `every` (e.g. one minute for escalations) or daily at each time in `at`
(Asia/Shanghai), or with `day_of_month` as well, monthly on that day (1–28, so every month has it)
at those times. `run` takes no arguments and returns what it did (a count or a short summary).
The embedded scheduler (`manage.py run_scheduler`) and Celery beat both read this registry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import time, timedelta


@dataclass(frozen=True)
class Job:
    name: str
    run: Callable[[], object]
    every: timedelta | None = None
    at: tuple[time, ...] = ()
    description: str = ""
    day_of_month: int | None = None

    def __post_init__(self) -> None:
        if (self.every is None) == (not self.at):
            raise ValueError(f"Job {self.name}: give either `every` or `at`, not both or neither.")
        if self.every is not None and self.every < timedelta(minutes=1):
            raise ValueError(f"Job {self.name}: the shortest interval is one minute.")
        if self.day_of_month is not None and (not self.at or not 1 <= self.day_of_month <= 28):
            raise ValueError(f"Job {self.name}: a monthly job gives `at` and a day from 1 to 28.")


_JOBS: dict[str, Job] = {}


def register(job: Job) -> Job:
    """Add a job; registering the same name again replaces it (module reloads in tests)."""
    _JOBS[job.name] = job
    return job


def all_jobs() -> list[Job]:
    return sorted(_JOBS.values(), key=lambda job: job.name)


def get_job(name: str) -> Job:
    try:
        return _JOBS[name]
    except KeyError:
        raise KeyError(f"No job named {name!r}; known: {', '.join(sorted(_JOBS))}") from None
