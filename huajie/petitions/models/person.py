"""A petitioner's own history: changes to the person that outlive any one case (a confirmed
change of name under the same ID number, a contact given on one case adopted into the file),
shown on every case that names them."""

from __future__ import annotations

from django.db import models

from huajie.common.timeline import TimelineEvent

from .case import Petition, Petitioner


class PetitionerEventKind(models.TextChoices):
    RENAMED = "renamed", "更名"
    CONTACT = "contact", "联系方式变更"


class PetitionerEvent(TimelineEvent):
    petitioner = models.ForeignKey(Petitioner, on_delete=models.PROTECT, related_name="history")
    # The registration on which the clerk confirmed the change.
    petition = models.ForeignKey(
        Petition,
        verbose_name="确认时登记的事项",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField("类型", max_length=16, choices=PetitionerEventKind.choices)

    class Meta(TimelineEvent.Meta):
        verbose_name = verbose_name_plural = "信访人变更记录"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"
