"""The statutory clocks of a petition: their kinds and the rule each one runs on.

The rules are the 2022 Regulations' limits (`huajie.deadlines.DEFAULT_RULES`), registered with the
shared rule table so an admin may tune them. A *window* (the receiving unit's 5 working days to
object, the petitioner's 30 days to ask for a review or re-review) lapses; it is never a staff
deadline, never "overdue" and never in `Petition.next_due`.
"""

from __future__ import annotations

from django.db import models

from huajie.deadlines import DEFAULT_RULES
from huajie.timelimits.registry import register_rules


class ClockKind(models.TextChoices):
    ROUTE = "route", "登记转交办"
    ACCEPTANCE_NOTICE = "acceptance_notice", "受理告知"
    OBJECTION = "objection", "异议（非本单位职权）"
    HANDLING = "handling", "办理"
    REVIEW_REQUEST = "review_request", "复查申请期"
    REVIEW_ANSWER = "review_answer", "复查答复"
    REREVIEW_REQUEST = "rereview_request", "复核申请期"
    REREVIEW_ANSWER = "rereview_answer", "复核答复"


RULE_FOR_CLOCK: dict[str, str] = {
    ClockKind.ROUTE: "petition.register_route",
    ClockKind.ACCEPTANCE_NOTICE: "petition.acceptance_notice",
    ClockKind.OBJECTION: "petition.objection_not_competent",
    ClockKind.HANDLING: "petition.handling",
    ClockKind.REVIEW_REQUEST: "petition.review_request",
    ClockKind.REVIEW_ANSWER: "petition.review_answer",
    ClockKind.REREVIEW_REQUEST: "petition.rereview_request",
    ClockKind.REREVIEW_ANSWER: "petition.rereview_answer",
}

RULE_NAMES = {
    "petition.register_route": "登记转送交办",
    "petition.acceptance_notice": "书面告知受理",
    "petition.objection_not_competent": "提出异议（非本机关职权）",
    "petition.handling": "办理",
    "petition.review_request": "申请复查",
    "petition.review_answer": "复查答复",
    "petition.rereview_request": "申请复核",
    "petition.rereview_answer": "复核答复",
}

# Windows are a property of the law, not of an admin's edit: read from the default rules.
WINDOW_KINDS = frozenset(
    kind for kind, code in RULE_FOR_CLOCK.items() if DEFAULT_RULES[code].window
)

register_rules({code: DEFAULT_RULES[code] for code in RULE_FOR_CLOCK.values()}, RULE_NAMES)
