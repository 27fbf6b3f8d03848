"""The notices module's periodic jobs (see huajie/jobs/registry.py)."""

from datetime import timedelta

from huajie.jobs.registry import Job, register

from .outbox import deliveries_retry

register(
    Job(
        name="notices.retry_deliveries",
        run=deliveries_retry,
        every=timedelta(minutes=1),
        description="发送待发的邮件和群机器人消息（失败后 1、2、4…分钟重试，多次失败记为失败）",
    )
)
