"""The day clocks of a dispute and the rules they run on.

- 调解期限: settle within about one month of acceptance (《人民调解工作若干规定》, 司法部 2002:
  "一般在一个月内调结"); extended once, only with both parties' consent recorded.
- 司法确认申请期: the parties may apply jointly to the court within 30 days of the agreement taking
  effect (《人民调解法》第三十三条). A *window*: the parties' option, never a staff deadline.
- 回访: settled disputes are visited back within one month / one quarter / half a year by class
  (the county's 矛盾纠纷排查化解 plan); one kind per class so the state table can say which opens.

Registered with the shared rule table (`timelimits`), so an admin may tune the lengths.
"""

from __future__ import annotations

from django.db import models

from huajie.deadlines import DayKind, DeadlineRule
from huajie.timelimits.registry import register_rules

REGULATION = "《人民调解工作若干规定》"
LAW_ART33 = "《人民调解法》第三十三条"
PLAN = "矛盾纠纷排查化解工作方案"


class ClockKind(models.TextChoices):
    SETTLE = "settle", "调解"
    CONFIRMATION = "confirmation", "司法确认申请期"
    VISIT_1 = "visit_1", "一类纠纷回访"
    VISIT_2 = "visit_2", "二类纠纷回访"
    VISIT_3 = "visit_3", "三类纠纷回访"


VISIT_KINDS = {1: ClockKind.VISIT_1, 2: ClockKind.VISIT_2, 3: ClockKind.VISIT_3}

RULES = {
    "mediation.settle": DeadlineRule(
        code="mediation.settle",
        days=30,
        kind=DayKind.CALENDAR,
        source=REGULATION,
        start_event="自受理之日起",
        max_extension_days=30,
    ),
    "mediation.confirmation": DeadlineRule(
        code="mediation.confirmation",
        days=30,
        kind=DayKind.CALENDAR,
        source=LAW_ART33,
        start_event="自调解协议生效之日起",
        window=True,
    ),
    "mediation.visit_class1": DeadlineRule(
        code="mediation.visit_class1",
        days=30,
        kind=DayKind.CALENDAR,
        source=PLAN,
        start_event="自达成调解协议之日起",
    ),
    "mediation.visit_class2": DeadlineRule(
        code="mediation.visit_class2",
        days=90,
        kind=DayKind.CALENDAR,
        source=PLAN,
        start_event="自达成调解协议之日起",
    ),
    "mediation.visit_class3": DeadlineRule(
        code="mediation.visit_class3",
        days=180,
        kind=DayKind.CALENDAR,
        source=PLAN,
        start_event="自达成调解协议之日起",
    ),
}

RULE_FOR_CLOCK: dict[str, str] = {
    ClockKind.SETTLE: "mediation.settle",
    ClockKind.CONFIRMATION: "mediation.confirmation",
    ClockKind.VISIT_1: "mediation.visit_class1",
    ClockKind.VISIT_2: "mediation.visit_class2",
    ClockKind.VISIT_3: "mediation.visit_class3",
}

RULE_NAMES = {
    "mediation.settle": "纠纷调解（一个月内调结）",
    "mediation.confirmation": "申请司法确认",
    "mediation.visit_class1": "一类纠纷回访",
    "mediation.visit_class2": "二类纠纷回访",
    "mediation.visit_class3": "三类纠纷回访",
}

register_rules(RULES, RULE_NAMES)
