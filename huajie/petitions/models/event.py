"""The petition timeline (`common.timeline.TimelineEvent`): one event per change, written in the
same transaction, never updated or deleted (model, queryset and a database trigger refuse)."""

from __future__ import annotations

from django.db import models

from huajie.common.timeline import TimelineEvent

from .case import Petition


class EventKind(models.TextChoices):
    REGISTERED = "registered", "登记"
    TRANSITION = "transition", "状态变更"
    NOTE = "note", "调查记录"
    INSTRUCTION = "instruction", "领导批示"
    EXTENSION = "extension", "延期"
    REMINDER = "reminder", "催办"
    SUPERVISION = "supervision", "督办"
    RETURN_VISIT = "return_visit", "回访"
    ATTACHMENT = "attachment", "上传材料"
    CLOCK = "clock", "时限"
    EDIT = "edit", "修改"
    DOCUMENT = "document", "出具文书"
    LINK = "link", "重复件/关联件"
    FULL_VIEW = "full_view", "查看完整个人信息"


class PetitionEvent(TimelineEvent):
    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField("类型", max_length=16, choices=EventKind.choices)

    class Meta(TimelineEvent.Meta):
        verbose_name = verbose_name_plural = "办理记录"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"
