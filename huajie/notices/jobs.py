"""The notices module's periodic jobs (see huajie/jobs/registry.py)."""

from datetime import time, timedelta

from huajie.jobs.registry import Job, register

from .outbox import deliveries_retry
from .retention import notices_prune, notices_retention_days, outbox_retention_days

register(
    Job(
        name="notices.retry_deliveries",
        run=deliveries_retry,
        every=timedelta(minutes=1),
        description="发送待发的邮件和群机器人消息（失败后 1、2、4…分钟重试，多次失败记为失败）",
    )
)
register(
    Job(
        name="notices.prune",
        run=notices_prune,
        at=(time(3, 40),),
        description=f"清理 {notices_retention_days()} 天前已读的通知和 "
        f"{outbox_retention_days()} 天前已发送的投递记录",
    )
)
