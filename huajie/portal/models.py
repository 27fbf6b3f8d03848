"""The portal's own tables: verification codes, the attempts behind rate limits and lockouts, and
the submissions made here (the petition itself lives in petitions).

No table holds a phone number or an address in clear: `phone_index` and `key` are keyed blind
indexes (`common.crypto.blind_index`), and a code is stored only as its HMAC.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q


class CodePurpose(models.TextChoices):
    SUBMIT = "submit", "网上信访提交"
    LOOKUP = "lookup", "查询办理进展"


class SmsCode(models.Model):
    """A verification code sent to a number: valid until `expires_at`, spent by its first
    correct entry (`used_at`) or by `PORTAL_SMS_CODE_TRIES` wrong ones."""

    phone_index = models.CharField("手机号索引", max_length=64)
    purpose = models.CharField("用途", max_length=10, choices=CodePurpose.choices)
    code_hash = models.CharField("验证码摘要", max_length=64)
    created_at = models.DateTimeField("发送时间", auto_now_add=True)
    expires_at = models.DateTimeField("失效时间")
    used_at = models.DateTimeField("使用时间", null=True, blank=True)
    failures = models.PositiveSmallIntegerField("错误次数", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "短信验证码"
        indexes = [
            models.Index(fields=["phone_index", "purpose", "-created_at"], name="portal_code_phone")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("created_at")), name="portal_code_expiry"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} {self.created_at:%Y-%m-%d %H:%M}"


class AttemptKind(models.TextChoices):
    SMS_PHONE = "sms_phone", "短信（号码）"
    SMS_CLIENT = "sms_client", "短信（来源地址）"
    LOOKUP_CODE = "lookup_code", "查询失败（查询码）"
    LOOKUP_CLIENT = "lookup_client", "查询失败（来源地址）"
    SUBMIT_PHONE = "submit_phone", "提交（号码）"
    SUBMIT_CLIENT = "submit_client", "提交（来源地址）"


class Attempt(models.Model):
    """One counted event for a key (a number, a query code or a client address, each as a blind
    index): rate limits and lockouts count these rows in a window, in the database, so the limit
    holds across processes and restarts. Rows older than a day are pruned by `portal.prune`."""

    kind = models.CharField("类型", max_length=16, choices=AttemptKind.choices)
    key = models.CharField("键索引", max_length=64)
    at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "访问计数"
        indexes = [models.Index(fields=["kind", "key", "at"], name="portal_attempt_key")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"


class Submission(models.Model):
    """A petition submitted through the portal: when it arrived (to the second) and the files
    that came with it. The petition is petitions' record; this row only says it came from here."""

    petition = models.OneToOneField(
        "petitions.Petition",
        verbose_name="信访事项",
        on_delete=models.PROTECT,
        related_name="portal_submission",
    )
    received_at = models.DateTimeField("收到时间")
    attachments = models.PositiveSmallIntegerField("附件数", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "网上信访提交"
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"{self.petition_id} {self.received_at:%Y-%m-%d %H:%M}"
