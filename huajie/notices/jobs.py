"""The notices module's periodic jobs (see huajie/jobs/registry.py)."""

from datetime import timedelta

from huajie.jobs.registry import Job, register

from .outbox import deliveries_retry

register(
    Job(
        name="notices.retry_deliveries",
        run=deliveries_retry,
        every=timedelta(minutes=1),
        description="重发未送达的邮件和群机器人消息（1、2、4、8…分钟后重试，多次失败后标记为失败）",
    )
)
