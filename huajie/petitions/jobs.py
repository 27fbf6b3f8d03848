"""The petitions module's periodic jobs (see huajie/jobs/registry.py)."""

from datetime import time

from huajie.jobs.registry import Job, register

from .services import petitions_sweep

register(
    Job(
        name="petitions.sweep_deadlines",
        run=petitions_sweep,
        at=(time(7, 0),),
        description="每日期限巡检：提醒即将到期和已超期的事项",
    )
)
