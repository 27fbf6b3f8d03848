"""The mediation module's periodic jobs (see huajie/jobs/registry.py)."""

from datetime import time

from huajie.jobs.registry import Job, register

from .services.reminders import mediation_sweep

register(
    Job(
        name="mediation.sweep",
        run=mediation_sweep,
        at=(time(7, 30),),
        description="每日调解提醒：调解期限、回访、协议履行即将到期，排查漏报",
    )
)
