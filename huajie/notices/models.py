"""Notices to people, group-robot endpoints, and the outbox of e-mail and webhook deliveries.

A `Notice` is the in-app row: the bell counts it, the list shows it, an acknowledgement is tapped
on it. E-mail copies and group-robot posts are `Delivery` rows written in the same transaction
and queued after commit, never sent in the request (see `outbox.py`).
"""

from __future__ import annotations

from datetime import datetime

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from huajie.common.fields import EncryptedTextField
from huajie.common.models import TimeStampedModel
from huajie.orgs.models import Unit, User

MESSAGE_MAX = 300
DEDUPE_KEY_MAX = 150


class AckState(models.TextChoices):
    """Computed, never stored: where a notice that asks for 收到 stands."""

    PENDING = "pending", "待确认"
    OVERDUE = "overdue", "已超过确认时限"
    ON_TIME = "on_time", "按时确认"
    LATE = "late", "超时确认"


class Notice(models.Model):
    """One message to one person, optionally about one record (any model: a petition, a
    dispute, an incident, a roster …) and optionally asking for an acknowledgement (收到).

    De-duplication: a non-empty `dedupe_key` is unique per recipient, for ever (a partial unique
    index). The window is in the key: a daily digest puts the local day in it
    (`daily_key("petitions.sweep", day)` → "petitions.sweep:2025-12-09"), a one-off event its
    record ("emergency.activation:42"). An empty key never de-duplicates.
    """

    recipient = models.ForeignKey(  # indexed by `notice_list`, which leads with it
        User,
        verbose_name="接收人",
        on_delete=models.CASCADE,
        related_name="notices",
        db_index=False,
    )
    target_type = models.ForeignKey(
        ContentType,
        verbose_name="关联对象类型",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,  # `notice_target` leads with it
    )
    target_id = models.PositiveBigIntegerField("关联对象编号", null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    message = models.CharField("内容", max_length=MESSAGE_MAX)
    body = models.TextField("详情", blank=True)
    items = models.JSONField("条目", default=list, blank=True)  # a digest: [{"text", "url"}]
    url = models.CharField("链接", max_length=500, blank=True)
    dedupe_key = models.CharField("去重键", max_length=DEDUPE_KEY_MAX, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)
    ack_required = models.BooleanField("需确认收到", default=False)
    ack_due_at = models.DateTimeField("确认时限", null=True, blank=True)
    acknowledged_at = models.DateTimeField("确认收到时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "通知"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "-created_at", "-id"], name="notice_list"),
            models.Index(
                fields=["recipient", "-created_at"],
                condition=Q(read_at__isnull=True),
                name="notice_unread",
            ),
            models.Index(fields=["target_type", "target_id"], name="notice_target"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"],
                condition=~Q(dedupe_key=""),
                name="notice_once_per_key",
            ),
            models.CheckConstraint(
                condition=Q(target_type__isnull=True, target_id__isnull=True)
                | Q(target_type__isnull=False, target_id__isnull=False),
                name="notice_target_whole",
            ),
            models.CheckConstraint(
                condition=Q(ack_required=True)
                | Q(ack_due_at__isnull=True, acknowledged_at__isnull=True),
                name="notice_ack_only_when_required",
            ),
        ]

    def __str__(self) -> str:
        return self.message

    @property
    def ack_on_time(self) -> bool | None:
        """True/False once acknowledged (no limit counts as on time); None before."""
        if self.acknowledged_at is None:
            return None
        return self.ack_due_at is None or self.acknowledged_at <= self.ack_due_at

    def ack_state(self, now: datetime | None = None) -> str:
        """'' when no acknowledgement is asked, else one of `AckState`."""
        if not self.ack_required:
            return ""
        if self.acknowledged_at is not None:
            return AckState.ON_TIME if self.ack_on_time else AckState.LATE
        now = now or timezone.now()
        if self.ack_due_at is not None and now > self.ack_due_at:
            return AckState.OVERDUE
        return AckState.PENDING

    @property
    def ack_state_now(self) -> str:
        """For templates, which cannot pass `now`."""
        return self.ack_state()


class Flavour(models.TextChoices):
    WECOM = "wecom", "企业微信群机器人"
    DINGTALK = "dingtalk", "钉钉群机器人"
    GENERIC = "generic", "通用 JSON"


class WebhookEndpoint(TimeStampedModel):
    """A unit's group robot. Its address carries the robot's access token (whoever has it can
    post to the group), so the address and the DingTalk signing secret are encrypted at rest."""

    name = models.CharField("名称", max_length=100)
    unit = models.ForeignKey(
        Unit, verbose_name="所属单位", on_delete=models.PROTECT, related_name="+"
    )
    url = EncryptedTextField("Webhook 地址", validators=[URLValidator(schemes=["http", "https"])])
    flavour = models.CharField("类型", max_length=10, choices=Flavour.choices)
    secret = EncryptedTextField(
        "加签密钥",
        blank=True,
        help_text="钉钉机器人“加签”安全设置的密钥（SEC 开头）；未启用加签请留空。",
    )
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "群机器人"
        ordering = ["unit_id", "name"]
        indexes = [models.Index(fields=["unit", "is_active"], name="webhook_unit_active")]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_flavour_display()}）"


class Channel(models.TextChoices):
    APP = "app", "站内通知"
    EMAIL = "email", "电子邮件"
    WEBHOOK = "webhook", "群机器人"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "待发送"
    SENT = "sent", "已发送"
    FAILED = "failed", "发送失败"


class Delivery(models.Model):
    """One e-mail or one robot post in the outbox. `payload` is what is sent: for e-mail the
    subject and body, for a webhook the exact JSON document posted (a DingTalk signature is
    added to the address at sending time, as DingTalk requires a fresh timestamp)."""

    channel = models.CharField(
        "渠道",
        max_length=10,
        choices=[(c.value, c.label) for c in (Channel.EMAIL, Channel.WEBHOOK)],
    )
    destination = models.CharField("发送对象", max_length=254)
    notice = models.ForeignKey(
        Notice,
        verbose_name="通知",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    endpoint = models.ForeignKey(
        WebhookEndpoint,
        verbose_name="群机器人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="deliveries",
    )
    payload = models.JSONField("发送内容", default=dict)
    status = models.CharField(
        "状态", max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField("已尝试次数", default=0)
    next_attempt_at = models.DateTimeField("下次尝试时间", default=timezone.now)
    last_error = models.TextField("最近错误", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "消息投递"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status=DeliveryStatus.PENDING),
                name="delivery_due",
            ),
            models.Index(fields=["status", "-created_at"], name="delivery_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=DeliveryStatus.values), name="delivery_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(channel=Channel.EMAIL, notice__isnull=False)
                | Q(channel=Channel.WEBHOOK, endpoint__isnull=False),
                name="delivery_has_destination",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} → {self.destination}"
