"""Daily reports (信息报送): what the county asks, special periods (特护期) that tighten it, and
each unit's filed reports — 零报告 is a report."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from huajie.common.models import TimeStampedModel
from huajie.common.scoping import Scope
from huajie.orgs.models import Unit

from .roster import WRITERS


class ReportDays(models.TextChoices):
    EVERY_DAY = "every_day", "每日"
    WORKING_DAYS = "working_days", "每个工作日"


class ReportDefinition(TimeStampedModel):
    """A report the county asks of its units, due by `times` (["17:00"]) on `days`, from
    `starts_on` (no cut-off before it: nothing is missing before a report was asked for)."""

    unit = models.ForeignKey(Unit, verbose_name="布置单位", on_delete=models.PROTECT)
    name = models.CharField("名称", max_length=100)
    times = models.JSONField("截止时间", default=list)
    days = models.CharField("报送日", max_length=15, choices=ReportDays.choices)
    source = models.CharField("依据", max_length=200, blank=True)
    starts_on = models.DateField("起报日期", null=True, blank=True)  # null: from the start
    units = models.ManyToManyField(Unit, verbose_name="报送单位", related_name="duty_reports")
    is_active = models.BooleanField("启用", default=True)

    scope = Scope(
        owner="unit",
        assigned=("units",),
        write_roles=frozenset({"admin", "leader", "duty_officer"}),
    )

    class Meta:
        verbose_name = verbose_name_plural = "报送要求"

    def __str__(self) -> str:
        return self.name


class SpecialPeriod(TimeStampedModel):
    """特护期: covers `unit` and every unit under it from `starts_on` to `ends_on`."""

    unit = models.ForeignKey(Unit, verbose_name="覆盖单位", on_delete=models.PROTECT)
    name = models.CharField("名称", max_length=100)
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")
    report_times = models.JSONField("报送时间", default=list, blank=True)  # [] = unchanged
    report_days = models.CharField(
        "报送日", max_length=15, choices=ReportDays.choices, default=ReportDays.EVERY_DAY
    )
    officers_per_slot = models.PositiveSmallIntegerField("每班值班人员数", default=2)
    leave_needs_approval = models.BooleanField("离岗须书面批准", default=True)
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="领导小组组长",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    notes = models.TextField("要求", blank=True)

    scope = Scope(owner="unit", write_roles=frozenset({"admin", "leader"}))

    class Meta:
        verbose_name = verbose_name_plural = "特护期"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="duty_period_order"
            )
        ]

    def __str__(self) -> str:
        return self.name


class ReportKind(models.TextChoices):
    REPORT = "report", "有情况报送"
    ZERO = "zero", "零报告"


class DailyReport(models.Model):
    """One unit's answer to one cut-off. Late by `minutes_late` (0 on time), fixed at filing."""

    definition = models.ForeignKey(ReportDefinition, on_delete=models.PROTECT)
    unit = models.ForeignKey(Unit, verbose_name="报送单位", on_delete=models.PROTECT)
    day = models.DateField("报送日")
    cutoff_at = models.DateTimeField("截止时间")
    rule_code = models.CharField("规则", max_length=40)
    kind = models.CharField("类型", max_length=10, choices=ReportKind.choices)
    content = models.TextField("内容", blank=True)
    filed_at = models.DateTimeField("报送时间")
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="报送人", on_delete=models.PROTECT, related_name="+"
    )
    minutes_late = models.PositiveIntegerField("迟报分钟", default=0)

    scope = Scope(owner="unit", write_roles=WRITERS)

    class Meta:
        verbose_name = verbose_name_plural = "信息报送"
        constraints = [
            models.UniqueConstraint(
                fields=["definition", "unit", "cutoff_at"], name="duty_report_once"
            )
        ]
        indexes = [models.Index(fields=["definition", "day"], name="duty_report_def_day")]

    def __str__(self) -> str:
        return f"{self.unit} {self.day} {self.get_kind_display()}"
