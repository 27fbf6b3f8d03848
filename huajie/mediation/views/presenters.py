"""How clocks and statuses are shown on the mediation screens: plain data, no queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from huajie.timelimits.models import Outcome

from ..models import DisputeClock
from ..states import Status

DUE_SOON = 3

STATUS_STYLE = {
    Status.REGISTERED: "secondary",
    Status.SETTLED: "success",
    Status.ACCEPTED: "primary",
    Status.DECLINED: "dark",
    Status.MEDIATING: "primary",
    Status.AGREED: "info",
    Status.FAILED: "danger",
    Status.REFERRED: "warning",
    Status.PERFORMING: "info",
    Status.PERFORMED: "success",
    Status.NOT_PERFORMED: "danger",
    Status.ARCHIVED: "dark",
}


@dataclass(frozen=True)
class Badge:
    label: str
    due: date | None
    state: str  # overdue, due_soon, on_time, window, window_closed, done_on_time, done_late, ended
    days_left: int | None
    rule: str
    stopped_on: date | None

    @property
    def css(self) -> str:
        return {
            "overdue": "text-bg-danger",
            "due_soon": "text-bg-warning",
            "on_time": "text-bg-success",
            "window": "text-bg-info",
            "done_on_time": "border border-success text-success-emphasis",
            "done_late": "border border-danger text-danger-emphasis",
        }.get(self.state, "text-bg-light border")

    @property
    def text(self) -> str:
        if self.state == "done_on_time":
            return "按期完成"
        if self.state == "done_late":
            return "超期完成"
        if self.days_left is None:
            return "已结束"
        if self.state in ("window", "window_closed"):  # the parties' option: it lapses
            if self.days_left < 0:
                return "申请期已过"
            return "今日截止" if self.days_left == 0 else f"当事人可申请，剩 {self.days_left} 天"
        if self.days_left < 0:
            return f"已超期 {-self.days_left} 天"
        return "今日到期" if self.days_left == 0 else f"剩 {self.days_left} 天"


def rule_text(clock: DisputeClock) -> str:
    days = f"{clock.rule_days}日" if clock.rule_kind == "calendar" else f"{clock.rule_days}个工作日"
    text = " · ".join(p for p in (clock.rule_source, days, clock.rule_start_event) if p)
    if clock.extension_days:
        text += f" · 经双方同意延长{clock.extension_days}日"
    return text


def badge(clock: DisputeClock, today: date) -> Badge:
    running = clock.stopped_on is None and clock.due is not None
    left = (clock.due - today).days if running and clock.due else None
    if clock.stopped_on is not None:
        state = {Outcome.ON_TIME: "done_on_time", Outcome.LATE: "done_late"}.get(
            clock.outcome,  # type: ignore[call-overload]
            "ended",
        )
    elif clock.rule_window:
        state = "window" if left is not None and left >= 0 else "window_closed"
    elif left is None:
        state = "ended"
    elif left < 0:
        state = "overdue"
    else:
        state = "due_soon" if left <= DUE_SOON else "on_time"
    return Badge(
        clock.get_kind_display(), clock.due, state, left, rule_text(clock), clock.stopped_on
    )


def next_badge(clocks: list[DisputeClock], today: date) -> Badge | None:
    running = [c for c in clocks if c.is_staff_limit]
    if not running:
        return None
    return badge(min(running, key=lambda c: (c.due, c.pk)), today)
