"""The mediation module in the left navigation, its pages and the mediator's home card (the
mechanism is in huajie/accounts/navigation.py). The card's `live` returns the mediator's counts
and first disputes (`accounts.navigation.Live`)."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huajie.accounts.navigation import Card, Link, Live, LiveCount, LiveItem, Module, Page, register
from huajie.orgs.models import RoleCode, User

MEDIATION_ROLES = frozenset({RoleCode.MEDIATOR, RoleCode.LEADER})


def live_counts(user: User) -> Live:
    """The mediator's card: disputes on hand, sessions today, visits due, overdue, this period's
    screening round, and the first disputes on hand nearest their limit."""
    from .selectors import DisputeFilters, dispute_list_for_user, work_counts
    from .services.screening import next_round_for, screening_overview

    today = timezone.localdate()
    c = work_counts(user=user, today=today)
    my = reverse("mediation:my")
    counts = [
        LiveCount("在办纠纷", c.on_hand, my, "primary"),
        LiveCount("今日调解", c.sessions_today, my),
        LiveCount("待回访", c.visits_due, my, "warning"),
        LiveCount("已超期", c.overdue, reverse("mediation:index") + "?due=overdue", "danger"),
    ]
    current = next_round_for(user=user, today=today)
    if current is not None and current.report is None:
        counts.append(LiveCount(f"本期排查未报（{current.period.end:%-m月%-d日}前）", 1,
                                reverse("mediation:screening"), "warning"))  # fmt: skip
    others = [
        u
        for u in screening_overview(user=user, today=today, last=2)
        if u.unit.pk != user.unit_id and u.last_closed and u.last_closed.state == "missing"
    ]
    if others:  # the town's committee chases the villages
        counts.append(LiveCount("辖区上期排查未报", len(others), reverse("mediation:screening"),
                                "danger"))  # fmt: skip
    counts += _oversight(user, today)
    rows = dispute_list_for_user(
        user=user, filters=DisputeFilters(status="open", sort="next_due", mine=True), today=today
    )[:3]
    items = tuple(
        LiveItem(d.title, reverse("mediation:detail", args=[d.pk]),
                 f"{d.reg_no} · {d.get_status_display()}",
                 _due_badge(d.next_due, today), _due_tone(d.next_due, today))
        for d in rows
    )  # fmt: skip
    return Live(counts=tuple(counts), items=items, more_url=my, more_label="我的调解工作")


def _oversight(user: User, today: date) -> list[LiveCount]:
    """A town committee's counts of its villages' disputes (read-only oversight: the villages
    mediate them; escalation moves one to the town)."""
    from .selectors import oversight_counts

    c = oversight_counts(user=user, today=today)
    if c is None:
        return []
    ledger = reverse("mediation:index") + "?overseen=1&status="
    return [
        LiveCount("辖区村（居）在办", c.open, ledger + "open&sort=next_due", "primary"),
        LiveCount("辖区村（居）超期", c.overdue, ledger + "open&due=overdue", "danger"),
        LiveCount("辖区村（居）3日内到期", c.due_soon, ledger + "open&due=soon", "warning"),
        LiveCount("辖区村（居）待受理", c.waiting, ledger + "registered", "warning"),
    ]


def leader_live(user: User) -> Live:
    """The leader's card: the units under them that missed their last screening round, disputes
    past their settlement limit or waiting to be accepted, and this month's analysis meeting."""
    from .selectors import DisputeFilters, dispute_list_for_user
    from .services.screening import meeting_months, screening_overview

    today = timezone.localdate()
    ledger = reverse("mediation:index")
    units = screening_overview(user=user, today=today, last=2)
    unreported = sum(1 for u in units if u.last_closed and u.last_closed.state == "missing")
    overdue = dispute_list_for_user(
        user=user, filters=DisputeFilters(status="open", due="overdue", sort="next_due"),
        today=today,
    )  # fmt: skip
    waiting = dispute_list_for_user(user=user, filters=DisputeFilters(status="registered"))
    month = meeting_months(user=user, today=today, last=1) if units else []
    counts = [
        LiveCount("上期排查未报", unreported, reverse("mediation:screening"), "danger"),
        LiveCount("超期未调结", overdue.count(), ledger + "?status=open&due=overdue", "danger"),
        LiveCount("待受理纠纷", waiting.count(), ledger + "?status=registered", "warning"),
    ]
    if month and month[0].state != "held":
        counts.append(LiveCount("本月研判例会未召开", 1, reverse("mediation:meetings"), "warning"))
    items = tuple(
        LiveItem(d.title, reverse("mediation:detail", args=[d.pk]),
                 f"{d.reg_no} · {d.unit.short_name or d.unit.name}",
                 _due_badge(d.next_due, today), _due_tone(d.next_due, today))
        for d in overdue[:3]
    )  # fmt: skip
    return Live(counts=tuple(counts), items=items, more_url=reverse("mediation:rates"),
                more_label="调解工作指标")  # fmt: skip


def _due_badge(due: date | None, today: date) -> str:
    if due is None:
        return ""
    left = (due - today).days
    return f"已超期 {-left} 天" if left < 0 else ("今日到期" if left == 0 else f"剩 {left} 天")


def _due_tone(due: date | None, today: date) -> str:
    if due is None:
        return ""
    left = (due - today).days
    return "danger" if left < 0 else "warning" if left <= 3 else "success"


register(
    Module(
        key="mediation",
        label=_("Mediation"),
        icon="bi-people",
        route="mediation:index",
        order=20,
        page_roles=MEDIATION_ROLES,
        pages=(
            Page(_("My mediation work"), "bi-inbox", "mediation:my"),
            Page(_("Register a dispute"), "bi-pencil-square", "mediation:register"),
            Page(_("Screening"), "bi-search", "mediation:screening"),
            Page(_("Analysis meetings"), "bi-journal-text", "mediation:meetings"),
            Page(_("Mediation rates"), "bi-bar-chart-line", "mediation:rates"),
        ),
        cards=(
            Card(
                role=RoleCode.MEDIATOR,
                title=_("Dispute mediation"),
                icon="bi-people",
                description=_("Screen disputes, hold mediation sessions and draft agreements."),
                empty_text=_(
                    "No disputes assigned to you. Disputes you are asked to mediate will "
                    "appear here."
                ),
                links=(
                    Link(_("My mediation work"), "mediation:my"),
                    Link(_("Register a dispute"), "mediation:register"),
                    Link(_("Dispute register"), "mediation:index"),
                ),
                live=live_counts,
            ),
            Card(
                role=RoleCode.LEADER,
                title=_("Dispute mediation in my area"),
                icon="bi-people",
                description=_(
                    "Screening rounds, disputes past their limit and the monthly analysis meeting."
                ),
                empty_text=_("All screening rounds are in and no dispute is past its limit."),
                links=(
                    Link(_("Screening"), "mediation:screening"),
                    Link(_("Analysis meetings"), "mediation:meetings"),
                    Link(_("Mediation rates"), "mediation:rates"),
                ),
                live=leader_live,
            ),
        ),
    )
)
