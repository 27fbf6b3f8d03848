"""The default minute limits of reports upward, used when a plan states none (the admin may tune
them in the rule table). A plan's own limits (its groups' 收到/到达, its steps, its report chain)
are plan data: each clock stores the rule it was started with, and the plan clause it came from.

- 首报: 《生产安全事故报告和调查处理条例》第九条 — the unit head reports within 1 hour; local
  plans ask the same of every incident (《突发事件应对法》第六十一条: never late, false, hidden).
- 续报: every 2 hours while the response runs (each level within 2 hours, 同条例第十一条).
- 终报: within 24 hours of the stand-down.
"""

from __future__ import annotations

from huajie.deadlines import MinuteRule
from huajie.timelimits.registry import register_rules

from .models import ReportKind

FROM_RECEIPT = "自接报时起"
FROM_STAND_DOWN = "自响应终止时起"

RULES = {
    "emergency.report_first": MinuteRule(
        "emergency.report_first", 60, "《生产安全事故报告和调查处理条例》第九条", FROM_RECEIPT
    ),
    "emergency.report_continued": MinuteRule(
        "emergency.report_continued", 120, "《生产安全事故报告和调查处理条例》第十一条",
        FROM_RECEIPT,
    ),
    "emergency.report_final": MinuteRule(
        "emergency.report_final", 1440, "《突发事件应对法》第六十一条", FROM_STAND_DOWN
    ),
}  # fmt: skip
RULE_FOR_REPORT = {
    ReportKind.FIRST: "emergency.report_first",
    ReportKind.CONTINUED: "emergency.report_continued",
    ReportKind.FINAL: "emergency.report_final",
}
NAMES = {
    "emergency.report_first": "突发事件首报",
    "emergency.report_continued": "突发事件续报间隔",
    "emergency.report_final": "突发事件终报",
}

register_rules(RULES, NAMES)
