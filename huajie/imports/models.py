"""Saved column mappings, import batches (with their per-row report) and the rows imported."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from huajie.common.models import TimeStampedModel
from huajie.common.scoping import Scope
from huajie.orgs.models import RoleCode, Unit, User
from huajie.petitions.models import Petition

FRONT_DESK = frozenset({RoleCode.CLERK, RoleCode.LEADER})


class ImportMapping(TimeStampedModel):
    """A column mapping a unit saved under a name, reused for the next sheet of the same shape.
    `mapping` is {"columns": {target: column label}, "defaults": {field: value}}."""

    unit = models.ForeignKey(
        Unit, verbose_name="所属单位", on_delete=models.CASCADE, related_name="import_mappings"
    )
    name = models.CharField("名称", max_length=60)
    mapping = models.JSONField("列对应", default=dict)
    created_by = models.ForeignKey(
        User, verbose_name="创建人", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    scope = Scope(owner="unit", write_roles=FRONT_DESK)

    class Meta:
        verbose_name = verbose_name_plural = "导入列对应"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], name="import_mapping_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class BatchStatus(models.TextChoices):
    UPLOADED = "uploaded", "待核对"
    INVALID = "invalid", "有错误"
    READY = "ready", "可导入"
    RUNNING = "running", "导入中"
    DONE = "done", "已完成"
    FAILED = "failed", "未导入"


class ImportBatch(TimeStampedModel):
    """One uploaded file on its way in. `processed`/`total` drive the progress bar; `report`
    holds the row errors ([{row, column, reason}]) and `warnings` what was filled in or
    skipped ([{reason, count, rows}])."""

    unit = models.ForeignKey(
        Unit, verbose_name="导入单位", on_delete=models.PROTECT, related_name="import_batches"
    )
    created_by = models.ForeignKey(
        User, verbose_name="导入人", on_delete=models.PROTECT, related_name="+"
    )
    file = models.FileField("文件", upload_to="imports/%Y/%m/")
    original_name = models.CharField("原文件名", max_length=200)
    sheet = models.CharField("工作表", max_length=100, blank=True)
    mapping = models.JSONField("列对应", default=dict, blank=True)
    mapping_name = models.CharField("列对应名称", max_length=60, blank=True)
    status = models.CharField(
        "状态", max_length=10, choices=BatchStatus.choices, default=BatchStatus.UPLOADED
    )
    row_count = models.PositiveIntegerField("数据行数", default=0)
    total = models.PositiveIntegerField("待登记", default=0)
    processed = models.PositiveIntegerField("已处理", default=0)
    created_count = models.PositiveIntegerField("新登记", default=0)
    skipped_count = models.PositiveIntegerField("已导入过", default=0)
    duplicate_count = models.PositiveIntegerField("文件内重复", default=0)
    error_count = models.PositiveIntegerField("错误行数", default=0)
    report = models.JSONField("错误报告", default=list, blank=True)
    warnings = models.JSONField("提示", default=list, blank=True)
    # How the rows come in: {"closed", "history", "open_work", "overdue_if_open"} (counts).
    states = models.JSONField("导入状态", default=dict, blank=True)
    message = models.CharField("说明", max_length=300, blank=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    scope = Scope(owner="unit", write_roles=FRONT_DESK)

    class Meta:
        verbose_name = verbose_name_plural = "导入批次"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(processed__lte=models.F("total")), name="import_batch_progress"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.original_name}（{self.get_status_display()}）"


class ImportedRow(models.Model):
    """A sheet row that became a petition. `source_key` is the row's own id ("id:188006") or a
    hash of its normalised content ("sha256:…"): one petition per key per unit, so importing
    the same file again registers nothing twice."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    source_key = models.CharField("来源标识", max_length=100)
    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="+")
    batch = models.ForeignKey(
        ImportBatch, null=True, on_delete=models.SET_NULL, related_name="rows"
    )
    row_number = models.PositiveIntegerField("行号")

    class Meta:
        verbose_name = verbose_name_plural = "已导入行"
        constraints = [
            models.UniqueConstraint(fields=["unit", "source_key"], name="imported_row_unique_key"),
        ]

    def __str__(self) -> str:
        return f"{self.source_key} → {self.petition_id}"
