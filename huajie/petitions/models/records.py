"""What is written during handling: the reply, reviews, return visits, supervision, attachments."""

from __future__ import annotations

from django.db import models

from huajie.orgs.models import Unit, User

from .case import Petition
from .choices import Decision, Satisfaction


class Reply(models.Model):
    """信访处理意见书 (《信访工作条例》第三十二条): request, facts, reasons, decision, basis."""

    petition = models.OneToOneField(Petition, on_delete=models.CASCADE, related_name="reply")
    request = models.TextField("信访人请求")
    facts = models.TextField("查明事实")
    reasons = models.TextField("处理理由")
    decision = models.CharField("处理意见", max_length=12, choices=Decision.choices)
    legal_basis = models.TextField("法律依据")
    issued_on = models.DateField("答复日期")
    issued_by = models.ForeignKey(
        User, verbose_name="答复人", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = verbose_name_plural = "信访处理意见书"

    def __str__(self) -> str:
        return f"{self.petition_id} 处理意见书"


class ReviewLevel(models.TextChoices):
    REVIEW = "review", "复查"
    REREVIEW = "rereview", "复核"


class Review(models.Model):
    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="reviews")
    level = models.CharField("层级", max_length=10, choices=ReviewLevel.choices)
    requested_on = models.DateField("申请日期")
    reason = models.TextField("申请理由")
    reviewing_unit = models.ForeignKey(
        Unit, verbose_name="复查（复核）机关", on_delete=models.PROTECT, related_name="+"
    )
    answered_on = models.DateField("答复日期", null=True, blank=True)
    decision = models.CharField("意见", max_length=12, choices=Decision.choices, blank=True)
    opinion = models.TextField("复查（复核）意见", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "复查复核"
        constraints = [
            models.UniqueConstraint(fields=["petition", "level"], name="review_once_per_level"),
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.requested_on}"


class ReturnVisit(models.Model):
    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="visits")
    visited_on = models.DateField("回访日期")
    method = models.CharField(
        "方式", max_length=20, choices=[("phone", "电话"), ("visit", "上门"), ("online", "网上")]
    )
    satisfaction = models.CharField(
        "回访评价", max_length=12, choices=Satisfaction.choices, blank=True
    )
    note = models.TextField("回访情况")
    visited_by = models.ForeignKey(
        User, verbose_name="回访人", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = verbose_name_plural = "回访记录"
        ordering = ["visited_on", "id"]

    def __str__(self) -> str:
        return f"回访 {self.visited_on}"


class SupervisionKind(models.TextChoices):
    REMINDER = "reminder", "催办"
    NOTICE = "notice", "督办"


class Supervision(models.Model):
    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="supervisions")
    kind = models.CharField("类型", max_length=10, choices=SupervisionKind.choices)
    issued_by = models.ForeignKey(
        User,
        verbose_name="发出人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    to_unit = models.ForeignKey(
        Unit, verbose_name="督办对象", on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField("督办意见")
    respond_by = models.DateField("反馈期限", null=True, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "催办督办"
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.created_at:%Y-%m-%d}"


class Attachment(models.Model):
    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField("文件", upload_to="petitions/%Y/%m/")
    original_name = models.CharField("原文件名", max_length=200)
    kind = models.CharField("类型", max_length=20)
    mime = models.CharField("MIME", max_length=100)
    size = models.PositiveIntegerField("大小")
    uploaded_by = models.ForeignKey(
        User, verbose_name="上传人", on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "材料"
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name
