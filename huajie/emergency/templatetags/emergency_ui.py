"""Badges for minute clocks: green on time, amber running, red late (with the rule on hover)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from huajie.timelimits.minutes import minutes_left, minutes_over

register = template.Library()


@register.simple_tag
def clock_badge(clock: Any, now: datetime | None = None) -> SafeString | str:
    if clock is None:
        return ""
    now = now or timezone.now()
    due = timezone.localtime(clock.due_at)
    rule = f"{clock.rule_source} · {clock.rule_minutes}分钟 · {clock.rule_start_event}"
    if clock.stopped_at is not None:
        if clock.outcome == "late":
            text, tone = f"超时{minutes_over(clock, now=now)}分钟", "danger"
        elif clock.outcome == "on_time":
            text, tone = "按时", "success"
        else:
            text, tone = "未完成", "secondary"
    else:
        left = minutes_left(clock, now=now) or 0
        if left < 0:
            text, tone = f"已超时{minutes_over(clock, now=now)}分钟", "danger"
        else:
            text, tone = f"剩{left}分钟", "warning" if left <= 5 else "primary"
    return format_html(
        '<span class="badge text-bg-{}" title="{}" data-testid="clock-{}">{}前 · {}</span>',
        tone, rule, clock.kind, f"{due:%H:%M}", text,
    )  # fmt: skip


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key, "")


@register.filter
def duration(minutes: int) -> str:
    from ..services.common import duration as text

    return text(int(minutes))
