"""What the duty cards on the home page show of a person's own duty work (`Card(live=...)` in
duty/navigation.py): the duty officer's shift, reports due with minutes left, open log entries,
handovers and swaps waiting for them, and — in a unit that asks reports of units below it (the
county duty room) — the units not yet reported today and the gaps of the next 24 hours; the
leader's duty-leader shift, the leave (离岗) and swaps waiting for their decision and the units
not yet reported. Read through the same scoping as the duty screens."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from huajie.accounts.navigation import Live, LiveCount, LiveItem
from huajie.common.scoping import visible_to
from huajie.orgs.models import RoleCode, User

from . import selectors
from .models import (
    DutyAssignment,
    DutyLogEntry,
    DutyRole,
    Handover,
    HandoverStatus,
    LeaveRequest,
    LeaveStatus,
    LogStatus,
    ReportDefinition,
    SwapRequest,
    SwapStatus,
)


def _shift_item(assignment: DutyAssignment | None, now: datetime) -> tuple[LiveItem, ...]:
    if assignment is None:
        return ()
    slot = assignment.slot
    start, end = timezone.localtime(slot.starts_at), timezone.localtime(slot.ends_at)
    if slot.starts_at <= now:
        badge, tone = "正在值班", "success"
    else:
        hours = int((slot.starts_at - now).total_seconds() // 3600)
        badge, tone = (f"{hours} 小时后" if hours < 48 else f"{start.month}月{start.day}日"), ""
    title = f"{start.month}月{start.day}日 {start:%H:%M} — {end.month}月{end.day}日 {end:%H:%M}"
    meta = f"{slot.unit} · {slot.label} · {assignment.get_role_display()}"
    return (LiveItem(title, reverse("duty:index"), meta, badge, tone),)


def _due_items(user: User, now: datetime) -> tuple[list[LiveItem], int]:
    """Today's cut-offs of the user's unit not yet answered, with minutes left (or late)."""
    if user.unit is None:
        return [], 0
    items, open_count = [], 0
    for due in selectors.reports_due(unit=user.unit, at=now):
        if due.report is not None:
            continue
        open_count += 1
        at = timezone.localtime(due.cutoff.at)
        if due.minutes_left >= 0:
            badge = f"还剩 {due.minutes_left} 分钟"
            tone = "warning" if due.minutes_left <= 60 else "primary"
        else:
            badge, tone = f"已过截止 {-due.minutes_left} 分钟", "danger"
        items.append(
            LiveItem(
                f"{due.definition.name} · {at:%H:%M} 截止",
                reverse("duty:reports"),
                "今日无情况也请报零报告",
                badge,
                tone,
            )
        )
    return items, open_count


def unreported_below(user: User, now: datetime) -> int:
    """Units that owe a report to a definition the user's unit (or a unit below it) set, for a
    cut-off of today already passed, and have not filed it."""
    if user.unit is None:
        return 0
    today = timezone.localtime(now).date()
    missing = 0
    for definition in visible_to(
        ReportDefinition.objects.filter(is_active=True, unit__path__startswith=user.unit.path),
        user,
    ).distinct():
        _, rows = selectors.report_matrix(
            user=user, definition=definition, first=today, last=today, at=now
        )
        missing += sum(1 for r in rows if any(m.status == "missing" for m in r.cells[0]))
    return missing


def officer_live(user: User) -> Live:
    now = timezone.now()
    items, due_open = _due_items(user, now)
    unit_entries = DutyLogEntry.objects.filter(unit=user.unit, status=LogStatus.OPEN)
    counts = [
        LiveCount("今日待报", due_open, reverse("duty:reports"), "warning"),
        LiveCount(
            "待办结记录",
            visible_to(unit_entries, user).count() if user.unit else 0,
            reverse("duty:log_list") + "?show=open",
            "primary",
        ),
        LiveCount(
            "待我接班",
            Handover.objects.filter(incoming=user, status=HandoverStatus.WRITTEN).count(),
            reverse("duty:handover"),
            "warning",
        ),
        LiveCount(
            "换班待我确认",
            SwapRequest.objects.filter(counterpart=user, status=SwapStatus.REQUESTED).count(),
            reverse("duty:swaps"),
            "warning",
        ),
    ]
    if user.unit is not None and ReportDefinition.objects.filter(unit=user.unit).exists():
        # A duty room that asks reports of the units below it (the county's 总值班室).
        counts.append(
            LiveCount("下级今日未报", unreported_below(user, now), reverse("duty:matrix"), "danger")
        )
        gaps = selectors.gaps_between(user=user, start=now, end=now + timedelta(hours=24))
        counts.append(LiveCount("24小时内缺人班次", len(gaps), reverse("duty:desk"), "danger"))
    shift = _shift_item(selectors.next_shift(user=user, at=now), now)
    return Live(
        counts=tuple(counts),
        items=shift + tuple(items[:3]),
        more_url=reverse("duty:index"),
        more_label="我的值班",
    )


def leave_to_decide(user: User) -> list[LeaveRequest]:
    """Pending leave the user decides: as the covering period's leading-group leader, or as a
    leader of the unit when no period leader is named (rules.leave_approver)."""
    pending = LeaveRequest.objects.filter(status=LeaveStatus.PENDING).exclude(user=user)
    mine = Q(period__leader=user)
    if user.has_role(RoleCode.LEADER, RoleCode.ADMIN):
        mine |= Q(Q(period__isnull=True) | Q(period__leader__isnull=True)) & Q(
            pk__in=visible_to(LeaveRequest.objects.all(), user).values("pk")
        )
    return list(pending.filter(mine).select_related("user").order_by("starts_on")[:20])


def swaps_to_approve(user: User) -> int:
    accepted = SwapRequest.objects.filter(status=SwapStatus.ACCEPTED).exclude(
        Q(requester=user) | Q(counterpart=user)
    )
    leads = Q(
        slot__assignments__user=user,
        slot__assignments__role=DutyRole.LEADER,
    )
    if user.has_role(RoleCode.LEADER):
        leads |= Q(pk__in=visible_to(SwapRequest.objects.all(), user).values("pk"))
    return accepted.filter(leads).distinct().count()


def leader_live(user: User) -> Live:
    now = timezone.now()
    leave = leave_to_decide(user)
    counts = [
        LiveCount("待审批请假（离岗）", len(leave), reverse("duty:leave"), "warning"),
        LiveCount("待批准换班", swaps_to_approve(user), reverse("duty:swaps"), "warning"),
        LiveCount("今日未报单位", unreported_below(user, now), reverse("duty:matrix"), "danger"),
    ]
    items = _shift_item(selectors.next_shift(user=user, at=now), now) + tuple(
        LiveItem(
            f"{r.user} 申请{'离岗' if r.period_id else '请假'}",
            reverse("duty:leave"),
            f"{r.starts_on:%m月%d日}至{r.ends_on:%m月%d日} · {r.reason}",
            "待审批",
            "warning",
        )
        for r in leave[:3]
    )
    return Live(
        counts=tuple(counts), items=items, more_url=reverse("duty:desk"), more_label="值班室总览"
    )


def staff_live(user: User) -> Live:
    """Anyone else on a roster (town cadres take turns on duty; the county roster has its clerk):
    their next shift, a swap they are asked to take, their own leave waiting for a decision."""
    now = timezone.now()
    counts = (
        LiveCount(
            "换班待我确认",
            SwapRequest.objects.filter(counterpart=user, status=SwapStatus.REQUESTED).count(),
            reverse("duty:swaps"),
            "warning",
        ),
        LiveCount(
            "我的请假待审批",
            LeaveRequest.objects.filter(user=user, status=LeaveStatus.PENDING).count(),
            reverse("duty:leave"),
        ),
    )
    return Live(
        counts=counts,
        items=_shift_item(selectors.next_shift(user=user, at=now), now),
        more_url=reverse("duty:index"),
        more_label="我的值班",
    )
