"""The portal's periodic jobs (see huajie/jobs/registry.py)."""

from datetime import time

from huajie.jobs.registry import Job, register

from .services.throttle import prune

register(
    Job(
        name="portal.prune",
        run=prune,
        at=(time(3, 30),),
        description="清理网上信访的访问计数（超过两天的限流和锁定记录）",
    )
)
