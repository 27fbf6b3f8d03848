"""The emergency module's periodic job: every minute, passed limits are escalated."""

from datetime import time, timedelta

from huajie.jobs.registry import Job, register


def _escalate() -> int:
    from .services.escalation import escalate_overdue

    return escalate_overdue()


register(
    Job(
        name="emergency.escalate",
        run=_escalate,
        every=timedelta(minutes=1),
        description="应急响应超时提醒：收到、到达、处置步骤和信息报告超时逐级提醒组长和指挥",
    )
)


def _hazards() -> int:
    from .services.hazards import hazards_remind_overdue

    return hazards_remind_overdue()


register(
    Job(
        name="emergency.hazards_overdue",
        run=_hazards,
        at=(time(8, 0),),
        description="隐患逾期未整改提醒：责任人和挂牌督办单位每日一条汇总",
    )
)


def _inspections() -> int:
    from .services.inspections import inspections_remind

    return inspections_remind()


register(
    Job(
        name="emergency.inspections_due",
        run=_inspections,
        at=(time(8, 0),),
        description="隐患排查提醒：本周期排查临近截止或上一周期漏检的，提醒排查责任人",
    )
)
