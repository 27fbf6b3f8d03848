"""`describe`: any rule in one line of Chinese for screens.

"《信访工作条例》第三十四条 · 60日 · 自受理之日起", "30分钟 · 自接报时起", "每个工作日17:00前",
"每日09:30、17:30前". Empty parts (no source, no start event) are left out.
"""

from __future__ import annotations

from .cutoff_rules import CutoffRule
from .minutes import MinuteRule
from .rules import DayKind, DeadlineRule

SEPARATOR = " · "


def _minutes_zh(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return f"{hours}小时" if hours and not rest else f"{minutes}分钟"


def _limit_zh(rule: DeadlineRule | MinuteRule | CutoffRule) -> str:
    if isinstance(rule, DeadlineRule):
        return f"{rule.days}日" if rule.kind is DayKind.CALENDAR else f"{rule.days}个工作日"
    if isinstance(rule, MinuteRule):
        return _minutes_zh(rule.minutes)
    return f"{rule.days.label}{'、'.join(f'{t:%H:%M}' for t in rule.times)}前"


def describe(rule: DeadlineRule | MinuteRule | CutoffRule) -> str:
    """The rule's source, limit and start event, joined by " · "."""
    parts = (rule.source, _limit_zh(rule), rule.start_event)
    return SEPARATOR.join(part for part in parts if part)
