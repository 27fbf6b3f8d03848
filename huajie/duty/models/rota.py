"""值周: a school's weekly duty rota (a teacher and a school leader each working day of their
week, from a roster whose pattern is weekly) and its record, one per day."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from huajie.common.models import TimeStampedModel
from huajie.common.scoping import Scope
from huajie.orgs.models import Unit

from .roster import WRITERS, DutySlot


class RotaRecord(TimeStampedModel):
    """值周记录: what the week's duty staff found on one school day and what was done. It is
    about the school's routine (the gate, the canteen, the dormitories, order, hygiene), never
    about the whereabouts of a pupil or anyone else."""

    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.PROTECT)
    slot = models.OneToOneField(
        DutySlot, verbose_name="值周班次", on_delete=models.CASCADE, related_name="rota_record"
    )
    day = models.DateField("日期")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="记录人", on_delete=models.PROTECT, related_name="+"
    )
    arrived = models.TimeField("到岗时间", null=True, blank=True)
    safety = models.TextField("安全巡查", blank=True)
    order = models.TextField("纪律与秩序", blank=True)
    hygiene = models.TextField("卫生", blank=True)
    problems = models.TextField("发现的问题", blank=True)
    actions = models.TextField("处理情况", blank=True)

    scope = Scope(owner="unit", write_roles=WRITERS)

    class Meta:
        verbose_name = verbose_name_plural = "值周记录"
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.unit} {self.day:%m-%d} 值周记录"
