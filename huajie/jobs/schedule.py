"""When a job is due: the time arithmetic shared by the scheduler, Celery's task and the admin.

A job's *slots* are the times it is due. An `every` job's slots lie on a fixed grid counted from
the Unix epoch (every 5 minutes: :00, :05, … in any process), a daily job's at each of its `at`
times in Asia/Shanghai (settings.TIME_ZONE), a monthly job's at those times on its day of the
month. Two processes computing the slot for the same moment agree, which is what lets a run claim
its slot once (`JobRun.slot` is unique per job).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta

from django.utils import timezone

from .registry import Job

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def previous_due(job: Job, *, now: datetime | None = None) -> datetime:
    """The latest slot at or before `now`: the run that should have happened by now."""
    now = now or timezone.now()
    if job.every is not None:
        return EPOCH + ((now - EPOCH) // job.every) * job.every
    today = timezone.localdate(now, timezone.get_default_timezone())
    return max(
        slot
        for back in range(_span(job))
        for slot in _daily_slots(job, today - timedelta(days=back))
        if slot <= now
    )


def next_due(job: Job, *, after: datetime | None = None) -> datetime:
    """The first slot strictly after `after`."""
    after = after or timezone.now()
    if job.every is not None:
        return previous_due(job, now=after) + job.every
    today = timezone.localdate(after, timezone.get_default_timezone())
    return min(
        slot
        for ahead in range(_span(job))
        for slot in _daily_slots(job, today + timedelta(days=ahead))
        if slot > after
    )


def next_wake(jobs: Iterable[Job], *, after: datetime | None = None) -> datetime | None:
    """When the first of `jobs` is next due (None for no jobs): the scheduler sleeps until then."""
    after = after or timezone.now()
    return min((next_due(job, after=after) for job in jobs), default=None)


def schedule_label(job: Job) -> str:
    """ "每天 07:00", "每天 07:00、19:00", "每 5 分钟", "每 2 小时"."""
    if job.every is None:
        days = f"每月 {job.day_of_month} 日 " if job.day_of_month else "每天 "
        return days + "、".join(f"{at:%H:%M}" for at in sorted(job.at))
    minutes = int(job.every.total_seconds() // 60)
    return f"每 {minutes // 60} 小时" if minutes % 60 == 0 else f"每 {minutes} 分钟"


def _span(job: Job) -> int:
    """How many days to look through for the nearest slot: two, or a month and a day."""
    return 32 if job.day_of_month else 2


def _daily_slots(job: Job, day: date) -> list[datetime]:
    if job.day_of_month and day.day != job.day_of_month:
        return []
    zone = timezone.get_default_timezone()
    return [datetime.combine(day, at, tzinfo=zone) for at in job.at]
