"""The every-minute sweep (`emergency.escalate`): a passed limit is escalated, minute by minute,
first to the group's leader (or the step's owner, or the commander for a report), then — after
`SECOND_AFTER` more minutes — to the commander. Each escalation is one notice per recipient with a
de-duplication key per clock and level, and one line on the incident's timeline."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from huajie.common.timeline import event_source
from huajie.notices.services import notice_send
from huajie.orgs.models import User

from ..models import (
    ClockKind,
    EventKind,
    IncidentClock,
    IncidentEvent,
    IncidentStatus,
    Position,
)
from .incidents import _command_people, ack_from_notice

SECOND_AFTER = timedelta(minutes=5)
OPEN = (IncidentStatus.REPORTED, IncidentStatus.ACTIVE, IncidentStatus.STOOD_DOWN)


def _what(clock: IncidentClock) -> str:
    if clock.responder is not None:
        r = clock.responder
        return f"{r.group_name} {r.user} 未{clock.get_kind_display()}"
    if clock.task is not None:
        return f"处置步骤“{clock.task.action}”未完成"
    return f"{clock.get_kind_display()}未报送"


def _first_line(clock: IncidentClock) -> list[User]:
    incident = clock.incident
    if clock.responder is not None:
        leaders = [
            r.user
            for r in incident.responders.all()
            if r.group_name == clock.responder.group_name and r.position == Position.LEADER
        ]
        return [clock.responder.user, *leaders]
    if clock.task is not None and clock.task.owner is not None:
        return [clock.task.owner]
    return _command_people(incident)


@transaction.atomic
def escalate_overdue(*, now: datetime | None = None) -> int:
    """Escalate every running limit that has passed; returns the escalations sent."""
    now = now or timezone.now()
    clocks = (
        IncidentClock.objects.select_for_update(of=("self",))
        .filter(stopped_at__isnull=True, due_at__lt=now, escalated__lt=2,
                incident__status__in=OPEN, rule_window=False)
        .select_related("incident__commander", "incident__plan_version", "responder__user",
                        "responder__notice", "task__owner", "incident__command_unit")
        .order_by("due_at", "id")
    )  # fmt: skip
    sent = 0
    with event_source("job"):
        for clock in clocks:
            incident = clock.incident
            if clock.kind in (ClockKind.ACK, ClockKind.ARRIVE, ClockKind.STEP) and (
                incident.status != IncidentStatus.ACTIVE
            ):
                continue
            r = clock.responder
            if clock.kind == ClockKind.ACK and r is not None and r.notice is not None:
                if r.notice.acknowledged_at is not None:
                    ack_from_notice(r, r.notice.acknowledged_at)  # 收到 tapped on the bell
                    continue
            level = 1 if clock.escalated == 0 else 2
            if level == 2 and now <= clock.due_at + SECOND_AFTER:
                continue
            recipients = _first_line(clock) if level == 1 else _command_people(incident)
            local_due = timezone.localtime(clock.due_at)
            message = (
                f"超时：{incident.title}，{_what(clock)}（时限{local_due:%H:%M}，"
                f"{clock.rule_minutes}分钟）"
            )
            notice_send(
                recipients=recipients, message=message, target=incident,
                url=reverse("emergency:incident", args=[incident.pk]),
                dedupe_key=f"emergency.overdue:{clock.pk}:{level}",
            )  # fmt: skip
            clock.escalated = level
            clock.save(update_fields=["escalated"])
            to = "组长" if level == 1 and clock.responder is not None else "指挥"
            IncidentEvent.objects.create(
                incident=incident, kind=EventKind.ESCALATION, actor=None,
                text=f"{message}，已提醒{to}",
                changes={"clock": clock.pk, "level": level},
            )  # fmt: skip
            sent += 1
    return sent
