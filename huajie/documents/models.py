"""Official documents (公文文书): per-unit letterhead settings and the register of numbers issued.

A document's text is never stored: it is generated from its record each time. What is stored is
the fact that a numbered document was issued for a record (the target: a petition, …) — its
number and date — so that every later copy carries the same number and date. Which kinds exist
is not a fixed list here: each module registers its own (`registry.py`), and the service checks.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q

from huajie.orgs.models import Unit, User


class DocumentFormat(models.TextChoices):
    DOCX = "docx", "Word（可编辑）"
    PDF = "pdf", "PDF（打印）"


class DocumentProfile(models.Model):
    """How a unit's documents are headed, numbered and signed. Without one, the unit's name and a
    prefix derived from its code are used."""

    unit = models.OneToOneField(
        Unit, verbose_name="单位", on_delete=models.CASCADE, related_name="document_profile"
    )
    organ_name = models.CharField(
        "发文机关名称",
        max_length=60,
        help_text="印在文书顶端（发文机关标志）和落款处，例如：清河县信访局。",
    )
    number_prefix = models.CharField(
        "发文机关代字",
        max_length=12,
        help_text="发文字号的机关代字，例如“清信”，生成的字号形如：清信告〔2026〕17号。",
    )
    seal_text = models.CharField(
        "印章位置提示",
        max_length=60,
        default="（印章）",
        help_text="印在落款处标示盖章位置，例如：清河县信访局（印章）。",
    )

    class Meta:
        verbose_name = verbose_name_plural = "文书设置"
        ordering = ["unit__path"]
        constraints = [
            models.CheckConstraint(condition=~Q(organ_name=""), name="docprofile_organ_required"),
            models.CheckConstraint(
                condition=~Q(number_prefix=""), name="docprofile_prefix_required"
            ),
        ]

    def __str__(self) -> str:
        return self.organ_name


class IssuedDocument(models.Model):
    """A numbered document issued for a record (its target). One per target, kind and subject
    (the subject is the supervision notice of a 督办单, 0 for most kinds); a number is unique
    per unit, year and kind."""

    target_type = models.ForeignKey(
        ContentType, verbose_name="记录类型", on_delete=models.PROTECT, related_name="+"
    )
    target_id = models.PositiveBigIntegerField("记录编号")
    kind = models.CharField("文书", max_length=40)
    subject_id = models.PositiveIntegerField("对应记录", default=0)
    unit = models.ForeignKey(
        Unit, verbose_name="发文机关", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField("年度")
    seq = models.PositiveIntegerField("序号")
    number = models.CharField("发文字号", max_length=40)
    issued_on = models.DateField("成文日期")
    issued_by = models.ForeignKey(
        User, verbose_name="出具人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("出具时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "已编号文书"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["target_type", "target_id", "kind", "subject_id"],
                name="issueddoc_once_per_subject",
            ),
            models.UniqueConstraint(
                fields=["unit", "year", "kind", "seq"], name="issueddoc_unique_number"
            ),
            models.CheckConstraint(condition=Q(seq__gte=1), name="issueddoc_seq_positive"),
        ]

    def __str__(self) -> str:
        return self.number
