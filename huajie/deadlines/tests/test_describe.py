"""describe: every rule type in one line of Chinese, as screens show it."""

from __future__ import annotations

from datetime import time

import pytest

from huajie.deadlines import (
    DEFAULT_RULES,
    CutoffDays,
    CutoffRule,
    DeadlineRule,
    MinuteRule,
    describe,
)


@pytest.mark.parametrize(
    ("rule", "text"),
    [
        (DEFAULT_RULES["petition.handling"], "《信访工作条例》第三十四条 · 60日 · 自受理之日起"),
        (
            DEFAULT_RULES["petition.objection_not_competent"],
            "《信访工作条例》第二十三条 · 5个工作日 · 自收到转送、交办的信访事项之日起",
        ),
        (MinuteRule("incident.on_site", 30, "", "自接报时起"), "30分钟 · 自接报时起"),
        (MinuteRule("incident.on_site", 15, "", "自接报时起"), "15分钟 · 自接报时起"),
        (
            MinuteRule(
                "accident.unit_head_report",
                60,
                "《生产安全事故报告和调查处理条例》第九条",
                "自接到报告时起",
            ),
            "《生产安全事故报告和调查处理条例》第九条 · 1小时 · 自接到报告时起",
        ),
        (MinuteRule("school.report", 120, "", "自事件发生时起"), "2小时 · 自事件发生时起"),
        (MinuteRule("x.y", 90, "", ""), "90分钟"),
        (
            CutoffRule("duty.workday", (time(17),), CutoffDays.WORKING_DAYS, ""),
            "每个工作日17:00前",
        ),
        (
            CutoffRule("duty.special", (time(17, 30), time(9, 30)), CutoffDays.EVERY_DAY, ""),
            "每日09:30、17:30前",
        ),
        (
            CutoffRule("duty.daily", (time(17),), CutoffDays.EVERY_DAY, "《某县值班制度》"),
            "《某县值班制度》 · 每日17:00前",
        ),
    ],
)
def test_describe(rule: DeadlineRule | MinuteRule | CutoffRule, text: str) -> None:
    assert describe(rule) == text
