"""How clocks, statuses and rows are shown: plain data for the templates, no queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from huajie.deadlines import WorkingCalendar

from ..models import Outcome, Petition, PetitionClock
from ..selectors import clock_state
from ..states import Status

STATUS_STYLE = {
    Status.REGISTERED: "secondary",
    Status.TRANSFERRED: "info",
    Status.NOT_ACCEPTED: "dark",
    Status.ACCEPTED: "primary",
    Status.ASSIGNED: "primary",
    Status.HANDLING: "primary",
    Status.REPLIED: "info",
    Status.EVALUATED: "info",
    Status.CLOSED: "success",
    Status.UNDER_REVIEW: "warning",
    Status.UNDER_REREVIEW: "warning",
    Status.ARCHIVED: "dark",
}


def rule_text(clock: PetitionClock) -> str:
    """ "《信访工作条例》第三十四条 · 60日 · 自受理之日起" (and the extension, if any)."""
    days = f"{clock.rule_days}日" if clock.rule_kind == "calendar" else f"{clock.rule_days}个工作日"
    text = " · ".join(part for part in (clock.rule_source, days, clock.rule_start_event) if part)
    if clock.extension_days:
        text += f" · 已延期{clock.extension_days}日"
    return text


def calendar_words(version: str, calendar: WorkingCalendar | None) -> str:
    """The calendar of a clock in words: "国务院办公厅2026年节假日安排" for each year it spans
    (an admin-entered year names its notice). `version` ("2026:de5dd74693,…") stays the key."""
    if calendar is None or not version:
        return ""
    names = []
    for part in version.split(","):
        year_text, _, digest = part.partition(":")
        if not year_text.isdigit():
            continue
        year = int(year_text)
        schedule = calendar.schedules.get(year)
        name = f"国务院办公厅{year}年节假日安排"
        if schedule is not None and schedule.source.startswith("admin: "):
            name = f"{year}年节假日安排（{schedule.source.removeprefix('admin: ')}）"
        if schedule is not None and schedule.version != part:
            name += "（录入时的版本，之后已修改）"
        names.append(name)
    return "、".join(names)


@dataclass(frozen=True)
class ClockBadge:
    kind: str
    label: str
    due: date | None
    state: str  # overdue, due_soon, on_time, window, done_on_time, done_late, ended
    days_left: int | None
    rule: str
    calendar_version: str
    stopped_on: date | None = None
    extension_days: int = 0
    calendar_name: str = ""  # `calendar_version` in words (the case page)

    @property
    def css(self) -> str:
        return {
            "overdue": "text-bg-danger",
            "due_soon": "text-bg-warning",
            "on_time": "text-bg-success",
            "window": "text-bg-light border",
            "done_on_time": "hj-badge-outline-success",
            "done_late": "hj-badge-outline-danger",
        }.get(self.state, "text-bg-light border")

    @property
    def left_text(self) -> str:
        """ "剩 12 天", "今日到期", "已超期 3 天"; for finished stages, how they ended."""
        if self.state == "done_on_time":
            return "按期完成"
        if self.state == "done_late":
            return "超期完成"
        if self.state == "ended" or self.days_left is None:
            return "已结束"
        if self.state == "window":  # an option that lapses, never "overdue"
            if self.days_left < 0:
                return "已截止"
            return "今日截止" if self.days_left == 0 else f"剩 {self.days_left} 天"
        if self.days_left < 0:
            return f"已超期 {-self.days_left} 天"
        if self.days_left == 0:
            return "今日到期"
        return f"剩 {self.days_left} 天"


def _state(clock: PetitionClock, today: date) -> str:
    if clock.stopped_on is not None:
        outcomes = {Outcome.ON_TIME.value: "done_on_time", Outcome.LATE.value: "done_late"}
        return outcomes.get(clock.outcome, "ended")
    if clock.rule_window:
        return "window"
    return clock_state(clock.due, today) or "ended"


def clock_badge(
    clock: PetitionClock, today: date, calendar: WorkingCalendar | None = None
) -> ClockBadge:
    running = clock.stopped_on is None and clock.due is not None
    return ClockBadge(
        kind=clock.kind,
        label=clock.get_kind_display(),
        due=clock.due,
        state=_state(clock, today),
        days_left=(clock.due - today).days if running and clock.due else None,
        rule=rule_text(clock),
        calendar_version=clock.calendar_version,
        stopped_on=clock.stopped_on,
        extension_days=clock.extension_days,
        calendar_name=calendar_words(clock.calendar_version, calendar),
    )


def next_clock(petition: Petition, today: date) -> ClockBadge | None:
    """The badge of the ledger row: the nearest running staff clock (uses prefetched clocks)."""
    running = [c for c in petition.clocks.all() if c.is_staff_limit]
    if not running:
        return None
    return clock_badge(min(running, key=lambda c: (c.due, c.pk)), today)


def finished_outcome(petition: Petition) -> str:
    """ "按期办结" / "超期办结" for a finished case, as the ledger's clock filter counts them."""
    if petition.status not in (Status.CLOSED, Status.ARCHIVED):
        return ""
    late = any(c.outcome == Outcome.LATE for c in petition.clocks.all())
    return "超期办结" if late else "按期办结"


@dataclass(frozen=True)
class Row:
    """One ledger row: the petition with its clock badge computed once."""

    petition: Petition
    number: int
    clock: ClockBadge | None
    outcome: str

    @property
    def status_style(self) -> str:
        return STATUS_STYLE.get(self.petition.status, "secondary")  # type: ignore[call-overload]


def rows_for(petitions: list[Petition], *, start: int, today: date) -> list[Row]:
    return [
        Row(petition=p, number=start + i, clock=next_clock(p, today), outcome=finished_outcome(p))
        for i, p in enumerate(petitions)
    ]
