"""Reminders of the duty module, run by jobs (jobs.py): report cut-offs (an hour before, at the
cut-off, escalation to the unit's leader 30 minutes after) and roster gaps before they start.
Each notice has a de-duplication key, so a job that runs every minute tells each person once."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from huajie.common.timeline import EventSource, event_source
from huajie.deadlines import cutoffs_on
from huajie.notices.services import notice_send
from huajie.orgs.holidays import working_calendar
from huajie.orgs.models import RoleCode, User

from ..models import (
    DailyReport,
    DutyAssignment,
    DutyRole,
    DutySlot,
    ReportDefinition,
    SpecialPeriod,
)
from .reports import periods_for, plan_for
from .roster import slot_gap

BEFORE = timedelta(hours=1)
ESCALATE_AFTER = timedelta(minutes=30)
LOOK_BACK = timedelta(hours=3)  # a cut-off longer ago than this is no longer chased
GAP_NOTICE_AHEAD = timedelta(hours=12)


def _people(unit_ids: set[int], role: str) -> dict[int, list[User]]:
    out: dict[int, list[User]] = defaultdict(list)
    for user in User.objects.filter(
        unit_id__in=unit_ids, is_active=True, roles__code=role
    ).distinct():
        out[user.unit_id].append(user)  # type: ignore[index]
    return out


def _on_duty(unit_ids: set[int], at: datetime) -> dict[int, list[User]]:
    out: dict[int, list[User]] = defaultdict(list)
    rows = DutyAssignment.objects.filter(
        slot__unit_id__in=unit_ids, slot__starts_at__lte=at, slot__ends_at__gt=at
    ).select_related("user", "slot")
    for a in rows:
        out[a.slot.unit_id].append(a.user)
    return out


@transaction.atomic
def reports_remind(*, now: datetime | None = None) -> int:
    """Remind each unit that has not filed: an hour before a cut-off and at it; escalate to the
    unit's leaders 30 minutes after. Returns the number of notices written."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    calendar = working_calendar()
    periods = list(SpecialPeriod.objects.filter(starts_on__lte=today, ends_on__gte=today))
    sent = 0
    with event_source(EventSource.JOB):
        for definition in ReportDefinition.objects.filter(is_active=True).prefetch_related("units"):
            if definition.starts_on and definition.starts_on > today:
                continue
            units = list(definition.units.all())
            ids = {u.pk for u in units}
            filed = set(
                DailyReport.objects.filter(definition=definition, day=today).values_list(
                    "unit_id", "cutoff_at"
                )
            )
            officers, leaders = _people(ids, RoleCode.DUTY_OFFICER), _people(ids, RoleCode.LEADER)
            on_duty = _on_duty(ids, now)
            plans: dict[tuple[int, ...], list] = {}
            for unit in units:
                mine = periods_for(unit, periods)
                key = tuple(p.pk for p in mine)
                if key not in plans:
                    plans[key] = list(cutoffs_on(calendar, plan_for(definition, mine), today))
                for cutoff in plans[key]:
                    if (unit.pk, cutoff.at) in filed:
                        continue
                    sent += _chase(
                        definition,
                        unit,
                        cutoff.at,
                        now,
                        officers[unit.pk] + on_duty[unit.pk],
                        leaders[unit.pk],
                    )
    return sent


def _chase(
    definition: ReportDefinition,
    unit,
    at: datetime,
    now: datetime,
    staff: list[User],
    leaders: list[User],
) -> int:
    hhmm = timezone.localtime(at).strftime("%H:%M")
    key = f"duty.report:{definition.pk}:{unit.pk}:{at.isoformat()}"
    url = "/duty/"
    if at - BEFORE <= now < at:
        left = int((at - now).total_seconds() // 60) + 1
        msg = (
            f"《{definition.name}》{hhmm} 截止，还剩 {left} 分钟，"
            "本单位尚未报送（无情况请报零报告）"
        )
        return len(
            notice_send(
                recipients=staff, message=msg, url=url, dedupe_key=f"{key}:before", channels=()
            )
        )
    if at <= now < at + ESCALATE_AFTER:
        msg = f"《{definition.name}》已到 {hhmm} 截止时间，本单位尚未报送，请立即报送"
        return len(
            notice_send(
                recipients=staff, message=msg, url=url, dedupe_key=f"{key}:due", channels=()
            )
        )
    if at + ESCALATE_AFTER <= now < at + LOOK_BACK:
        msg = f"{unit}《{definition.name}》{hhmm} 截止已过 30 分钟仍未报送，请督促值班人员报送"
        return len(
            notice_send(
                recipients=leaders or staff,
                message=msg,
                url=url,
                dedupe_key=f"{key}:escalate",
                ack_required=True,
                channels=(),
            )
        )
    return 0


@transaction.atomic
def gaps_notify(*, now: datetime | None = None) -> int:
    """Tell each unit's duty staff and leaders about slots starting within 12 hours that lack a
    leader or officers (once per slot)."""
    now = now or timezone.now()
    slots = list(
        DutySlot.objects.filter(starts_at__gte=now, starts_at__lt=now + GAP_NOTICE_AHEAD)
        .select_related("unit")
        .prefetch_related("assignments")
    )
    gaps = []
    for slot in slots:
        roles = [a.role for a in slot.assignments.all()]
        gap = slot_gap(
            slot, leaders=roles.count(DutyRole.LEADER), officers=roles.count(DutyRole.OFFICER)
        )
        if gap:
            gaps.append((slot, gap))
    ids = {s.unit_id for s, _ in gaps}
    officers, leaders = _people(ids, RoleCode.DUTY_OFFICER), _people(ids, RoleCode.LEADER)
    sent = 0
    with event_source(EventSource.JOB):
        for slot, gap in gaps:
            start = timezone.localtime(slot.starts_at)
            msg = f"值班缺人：{slot.unit} {start:%m月%d日 %H:%M} {slot.label}{gap}，请尽快安排"
            sent += len(
                notice_send(
                    recipients=officers[slot.unit_id] + leaders[slot.unit_id],
                    message=msg,
                    url=f"/duty/rosters/{slot.roster_id}/",
                    dedupe_key=f"duty.gap:{slot.pk}",
                    channels=(),
                )
            )
    return sent
