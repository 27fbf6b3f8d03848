"""The append-only timeline: one event per change, written in the same transaction.

Rows are never updated or deleted: `save()` refuses an update, `delete()` refuses, and a database
trigger (migration 0002) refuses UPDATE and DELETE on both SQLite and PostgreSQL.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from huajie.orgs.models import User

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


class AppendOnlyError(RuntimeError):
    pass


class PetitionEvent(models.Model):
    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField("类型", max_length=16, choices=EventKind.choices)
    action = models.CharField("操作", max_length=30, blank=True)
    actor = models.ForeignKey(
        User,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    from_status = models.CharField("原状态", max_length=16, blank=True)
    to_status = models.CharField("新状态", max_length=16, blank=True)
    changes = models.JSONField("变更", default=dict, blank=True)
    text = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "办理记录"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("办理记录只能追加，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise AppendOnlyError("办理记录只能追加，不能删除。")
