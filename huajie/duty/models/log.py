"""The duty log (值班记录): every call, visit or message the duty room takes, and where it went."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from huajie.common.fields import EncryptedTextField
from huajie.common.models import TimeStampedModel
from huajie.common.scoping import Scope
from huajie.orgs.models import Unit

from .roster import WRITERS


class LogChannel(models.TextChoices):
    CALL = "call", "来电"
    VISIT = "visit", "来访"
    MESSAGE = "message", "短信/微信"
    DOCUMENT = "document", "来文/传真"
    OTHER = "other", "其他"


# The petitions vocabulary of channels (IntakeDraft.channel) for each log channel.
INTAKE_CHANNEL = {
    "call": "phone",
    "visit": "visit",
    "message": "online",
    "document": "letter",
    "other": "phone",
}


class LogStatus(models.TextChoices):
    OPEN = "open", "待办结"
    CLOSED = "closed", "已办结"


class DutyLogEntry(TimeStampedModel):
    """What came in, from whom, what was done and who was told. An open entry is an open item
    that every handover carries over until it is closed."""

    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.PROTECT)
    received_at = models.DateTimeField("接报时间", db_index=True)
    channel = models.CharField("方式", max_length=10, choices=LogChannel.choices)
    caller_name = models.CharField("来电（来访）人", max_length=50, blank=True)
    caller_org = models.CharField("来电单位", max_length=100, blank=True)
    caller_phone = EncryptedTextField("联系电话", blank=True)
    content = models.TextField("内容")
    action_taken = models.TextField("处置情况", blank=True)
    told = models.CharField("已报告（通知）", max_length=200, blank=True)
    status = models.CharField(
        "状态", max_length=10, choices=LogStatus.choices, default=LogStatus.OPEN
    )
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="记录人", on_delete=models.PROTECT, related_name="+"
    )

    scope = Scope(owner="unit", write_roles=WRITERS)

    class Meta:
        verbose_name = verbose_name_plural = "值班记录"
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["unit", "received_at"], name="duty_log_unit_received")]

    def __str__(self) -> str:
        return f"值班记录 {self.received_at:%Y-%m-%d %H:%M} {self.get_channel_display()}"


class IntakeLink(models.Model):
    """A duty-log entry or a reception turned into another module's record (common.intake)."""

    entry = models.ForeignKey(
        DutyLogEntry, null=True, blank=True, on_delete=models.CASCADE, related_name="links"
    )
    reception = models.ForeignKey(
        "duty.Reception", null=True, blank=True, on_delete=models.CASCADE, related_name="links"
    )
    target = models.CharField("登记去向", max_length=20)
    object_id = models.CharField("记录编号", max_length=40)
    label = models.CharField("记录", max_length=100)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "转登记"
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "target"],
                condition=models.Q(entry__isnull=False),
                name="duty_link_entry_target_once",
            ),
        ]

    def __str__(self) -> str:
        return self.label
