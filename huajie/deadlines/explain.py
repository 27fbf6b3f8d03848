"""`explain`: a deadline in words (Chinese, for the UI) with the days that were skipped and why.

Not the hot path: it walks the period day by day, bounded by `MAX_EXPLAIN_DAYS`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from .compute import Deadline, compute_deadline
from .rules import DayKind, DeadlineRule
from .working_calendar import WorkingCalendar

MAX_EXPLAIN_DAYS = 3660
WEEKDAYS_ZH = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")
HOLIDAY = "法定节假日"
WEEKEND = "周末"
MAKEUP_WORKDAY = "调休上班（计入工作日）"


@dataclass(frozen=True)
class DayNote:
    """A day worth pointing out: skipped (`counted` False) or a counted make-up working day."""

    date: date
    reason: str
    counted: bool

    def as_dict(self) -> dict[str, str | bool]:
        return {"date": self.date.isoformat(), "reason": self.reason, "counted": self.counted}


@dataclass(frozen=True)
class Explanation:
    deadline: Deadline
    text: str
    days: tuple[DayNote, ...]

    @property
    def skipped(self) -> tuple[DayNote, ...]:
        """The days that did not count towards the limit."""
        return tuple(note for note in self.days if not note.counted)

    def as_dict(self) -> dict[str, object]:
        return {
            "due": self.deadline.due.isoformat(),
            "text": self.text,
            "days": [note.as_dict() for note in self.days],
        }


def _as_rule(rule_or_params: DeadlineRule | tuple[int, DayKind | str]) -> DeadlineRule:
    if isinstance(rule_or_params, DeadlineRule):
        return rule_or_params
    days, kind = rule_or_params
    return DeadlineRule(
        code="custom", days=days, kind=DayKind(kind), source="", start_event="自起算日起"
    )


def _zh(d: date) -> str:
    return f"{d.isoformat()}（{WEEKDAYS_ZH[d.weekday()]}）"


def _rest_reason(calendar: WorkingCalendar, d: date) -> str:
    return HOLIDAY if d in calendar.schedules[d.year].holidays else WEEKEND


def _note(calendar: WorkingCalendar, d: date) -> DayNote | None:
    if not calendar.is_working_day(d):
        return DayNote(d, _rest_reason(calendar, d), counted=False)
    if d in calendar.schedules[d.year].makeup_workdays:
        return DayNote(d, MAKEUP_WORKDAY, counted=True)
    return None


def _days_between(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def _working_notes(calendar: WorkingCalendar, deadline: Deadline) -> tuple[list[DayNote], str]:
    days = _days_between(deadline.start + timedelta(days=1), deadline.due)
    notes = [n for n in (_note(calendar, d) for d in days) if n is not None]
    holidays = sum(1 for n in notes if n.reason == HOLIDAY)
    weekends = sum(1 for n in notes if n.reason == WEEKEND)
    makeups = sum(1 for n in notes if n.counted)
    parts = []
    if holidays or weekends:
        parts.append(
            f"期间跳过非工作日{holidays + weekends}天（法定节假日{holidays}天、周末{weekends}天）"
        )
    else:
        parts.append("期间没有非工作日")
    if makeups:
        parts.append(f"调休上班日{makeups}天计入工作日")
    return notes, "，".join(parts) + "。"


def _calendar_notes(
    calendar: WorkingCalendar, rule: DeadlineRule, deadline: Deadline
) -> tuple[list[DayNote], str]:
    text = "节假日照常计入。"
    nominal = deadline.rolled_forward_from
    if nominal is not None:
        notes = [
            DayNote(d, _rest_reason(calendar, d), counted=False)
            for d in _days_between(nominal, deadline.due - timedelta(days=1))
        ]
        text += (
            f"第{rule.days}日为{_zh(nominal)}，是休息日（{notes[0].reason}），顺延至下一个工作日。"
        )
        return notes, text
    if not calendar.is_working_day(deadline.due):
        reason = _rest_reason(calendar, deadline.due)
        text += f"第{rule.days}日为休息日（{reason}），本规则不顺延。"
    return [], text


def explain(
    calendar: WorkingCalendar,
    rule_or_params: DeadlineRule | tuple[int, DayKind | str],
    start: date,
) -> Explanation:
    """The deadline of a rule (or of `(days, kind)`) from `start`, explained for a clerk."""
    rule = _as_rule(rule_or_params)
    if rule.days > MAX_EXPLAIN_DAYS:
        raise ValueError(
            f"Cannot explain a limit of {rule.days} days (at most {MAX_EXPLAIN_DAYS})."
        )
    deadline = compute_deadline(calendar, rule, start)
    if rule.kind is DayKind.WORKING:
        notes, counting = _working_notes(calendar, deadline)
        limit = f"{rule.days}个工作日"
    else:
        notes, counting = _calendar_notes(calendar, rule, deadline)
        limit = f"{rule.days}日（日历日）"
    basis = f"依据{rule.source}，" if rule.source else ""
    sources = "；".join(
        f"{calendar.schedules[y].version}（{calendar.schedules[y].source or '来源未注明'}）"
        for y in range(start.year, deadline.due.year + 1)
    )
    text = (
        f"{basis}{rule.start_event}{limit}内。"
        f"起算日{_zh(start)}当日不计入，从次日开始计算；{counting}"
        f"期限届满日为{_zh(deadline.due)}。所用日历：{sources}。"
    )
    return Explanation(deadline=deadline, text=text, days=tuple(notes))
