"""The duty module's periodic jobs (see huajie/jobs/registry.py)."""

from datetime import timedelta

from huajie.jobs.registry import Job, register

from .services.reminders import gaps_notify, reports_remind

register(
    Job(
        name="duty.report_reminders",
        run=reports_remind,
        every=timedelta(minutes=1),
        description="信息报送提醒：截止前1小时、截止时提醒值班人员，截止30分钟后仍未报送提醒单位领导",
    )
)
register(
    Job(
        name="duty.roster_gaps",
        run=gaps_notify,
        every=timedelta(minutes=15),
        description="值班缺人提醒：12小时内开始的班次缺带班领导或值班人员时提醒本单位",
    )
)
