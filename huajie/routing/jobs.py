"""The routing app's periodic job (see huajie/jobs/registry.py): the nightly retrain."""

from datetime import time

from huajie.jobs.registry import Job, register


def retrain() -> str:
    from .services import router_train

    return router_train().message


register(
    Job(
        name="routing.retrain",
        run=retrain,
        at=(time(2, 30),),
        description="每晚用已办事项重新训练分流建议模型（历史不足时跳过）",
    )
)
