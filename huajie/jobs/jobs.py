"""The jobs app's own periodic job: keep the run records bounded."""

from datetime import time

from .registry import Job, register
from .services import KEEP_RUNS_DAYS, job_runs_prune

register(
    Job(
        name="jobs.prune_runs",
        run=job_runs_prune,
        at=(time(3, 30),),
        description=f"清理 {KEEP_RUNS_DAYS} 天前的定时任务运行记录",
    )
)
