"""Photos and recordings (现场照片、录音) on a hazard or an on-scene log entry. Read only through
the hazard's or the incident's selector (whoever may not see the record gets 404 for its files);
stored under a generated name with the type found in the content, an image with a small JPEG
thumbnail made at upload."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from huajie.orgs.models import User

from .hazards import Hazard
from .incidents import Incident, IncidentEvent


class Attachment(models.Model):
    hazard = models.ForeignKey(
        Hazard, null=True, blank=True, on_delete=models.PROTECT, related_name="attachments"
    )
    incident = models.ForeignKey(
        Incident, null=True, blank=True, on_delete=models.PROTECT, related_name="attachments"
    )
    event = models.ForeignKey(
        IncidentEvent,
        verbose_name="现场处置记录",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="attachments",
    )
    caption = models.CharField("说明", max_length=30, blank=True)
    file = models.FileField("文件", upload_to="emergency/%Y/%m/")
    thumbnail = models.FileField("缩略图", upload_to="emergency/thumbs/%Y/%m/", blank=True)
    kind = models.CharField("类型", max_length=10)  # common.uploads.UploadKind: image / audio
    mime = models.CharField("MIME", max_length=100)
    size = models.PositiveIntegerField("大小")
    original_name = models.CharField("原文件名", max_length=200)
    uploaded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "照片和录音"
        ordering = ["uploaded_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hazard__isnull=False, incident__isnull=True, event__isnull=True)
                | Q(hazard__isnull=True, incident__isnull=False, event__isnull=False),
                name="em_attachment_owner",
            ),
        ]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.kind == "image"
