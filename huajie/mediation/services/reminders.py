"""The daily reminders (`mediation.jobs`): each mediator gets ONE digest a day listing their
disputes with the settlement limit or a return visit overdue or near, and the performance terms
due within three days (督促履行 before the date, not after); the mediators of a unit that missed
its last screening round are told once for that round. Sent through `notices` only."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from huajie.notices.services import DigestItem, daily_key, notice_digest, notice_send
from huajie.orgs.models import RoleCode, User

from ..models import Dispute, DisputeClock, PerformanceTerm, ScreeningSchedule
from ..states import Status
from .screening import periods_until

SWEEP_KEY = "mediation.sweep"
SOON_DAYS = 3
VISIT_DAYS = 7


def _who(dispute: Dispute) -> User | None:
    return dispute.mediator or dispute.registered_by


def mediation_sweep(*, today: date | None = None) -> int:
    """Returns the number of notices written."""
    today = today or timezone.localdate()
    items: dict[int, list[DigestItem]] = defaultdict(list)
    people: dict[int, User] = {}

    def add(user: User | None, text: str, dispute: Dispute) -> None:
        if user is None:
            return
        people[user.pk] = user
        items[user.pk].append(DigestItem(text, reverse("mediation:detail", args=[dispute.pk])))

    clocks = (
        DisputeClock.objects.filter(stopped_on__isnull=True, rule_window=False)
        .filter(due__lte=today + timedelta(days=VISIT_DAYS))
        .select_related("dispute__mediator", "dispute__registered_by")
        .order_by("due", "id")
    )
    for clock in clocks:
        if clock.due is None:
            continue
        visit = clock.kind.startswith("visit")
        if not visit and clock.due > today + timedelta(days=SOON_DAYS):
            continue
        word = "已超期" if clock.due < today else f"{clock.due:%-m月%-d日}到期"
        what = "回访" if visit else "调解期限"
        add(_who(clock.dispute), f"{clock.dispute.reg_no} {clock.dispute.title}：{what}{word}",
            clock.dispute)  # fmt: skip
    terms = PerformanceTerm.objects.filter(
        done_on__isnull=True,
        due_on__lte=today + timedelta(days=SOON_DAYS),
        agreement__dispute__status=Status.PERFORMING,
    ).select_related("agreement__dispute__mediator", "agreement__dispute__registered_by")
    for term in terms:
        d = term.agreement.dispute
        word = "已逾期" if term.due_on < today else f"{term.due_on:%-m月%-d日}前"
        add(_who(d), f"{d.reg_no} 履行事项“{term.description[:40]}”{word}，请督促履行", d)
    written = 0
    key = daily_key(SWEEP_KEY, today)
    for pk, lines in items.items():
        with transaction.atomic():
            notice = notice_digest(
                recipient=people[pk], title=f"调解提醒：{len(lines)} 项待办", items=lines,
                dedupe_key=key, url=reverse("mediation:my"),
            )  # fmt: skip
            written += notice is not None
    return written + _missed_rounds(today)


def _missed_rounds(today: date) -> int:
    written = 0
    for schedule in ScreeningSchedule.objects.filter(active=True).select_related("unit"):
        periods = [p for p in periods_until(schedule, today, last=2) if p.end < today]
        if not periods:
            continue
        last = periods[-1]
        if schedule.unit.screening_rounds.filter(period_start=last.start).exists():
            continue
        mediators = User.objects.filter(
            unit=schedule.unit, is_active=True, roles__code=RoleCode.MEDIATOR
        ).distinct()
        with transaction.atomic():
            written += len(
                notice_send(
                    recipients=list(mediators),
                    message=f"{schedule.unit.name}{last.start:%-m月%-d日}–{last.end:%-m月%-d日}"
                    "的矛盾纠纷排查尚未报告，请尽快补报（未发现纠纷也要零报告）。",
                    url=reverse("mediation:screening"),
                    dedupe_key=f"mediation.missed:{schedule.unit_id}:{last.start.isoformat()}",
                )
            )
    return written
