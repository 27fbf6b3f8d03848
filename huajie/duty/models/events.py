"""The duty module's timeline: one append-only table, each event on one of its records."""

from __future__ import annotations

from django.db import models

from huajie.common.timeline import TimelineEvent

from .log import DutyLogEntry
from .people import Handover, LeaveRequest, Reception, SwapRequest
from .roster import RosterMonth


class DutyEventKind(models.TextChoices):
    TRANSITION = "transition", "状态变更"
    GENERATED = "generated", "生成排班"
    OVERRIDE = "override", "调整排班"
    FILED = "filed", "报备"
    LOGGED = "logged", "登记"
    UPDATED = "updated", "修改"
    CLOSED = "closed", "办结"
    HANDED_OFF = "handed_off", "转登记"
    PUBLISHED = "published", "公布"


class DutyEvent(TimelineEvent):
    kind = models.CharField("类型", max_length=20, choices=DutyEventKind.choices)
    roster = models.ForeignKey(
        RosterMonth, null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    entry = models.ForeignKey(
        DutyLogEntry, null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    swap = models.ForeignKey(
        SwapRequest, null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    leave = models.ForeignKey(
        LeaveRequest, null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    handover = models.ForeignKey(
        Handover, null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    reception = models.ForeignKey(
        Reception, null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )

    class Meta(TimelineEvent.Meta):
        verbose_name = verbose_name_plural = "值班动态"
