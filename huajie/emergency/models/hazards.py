"""Hazard inspections of key places (隐患排查整改) and drills (演练).

A failed checklist item becomes a hazard with a deadline and a responsible person; a 重大 hazard
carries its 五落实 (responsibility, measures, funds, time limit, contingency plan) and is supervised
by the level above (挂牌督办); it closes only after a re-check by someone other than the rectifier
(复查销号). Overdue is computed (deadline passed, not closed), never stored."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from huajie.common.models import TimeStampedModel
from huajie.common.scoping import Scope
from huajie.common.timeline import TimelineEvent
from huajie.orgs.models import Unit, User

from .choices import DrillKind, Frequency, HazardLevel
from .incidents import INCIDENT_WRITERS, Incident
from .plans import Plan


class KeyPlace(TimeStampedModel):
    """A key place checked regularly (a temple, a school, a market) with its checklist."""

    unit = models.ForeignKey(Unit, verbose_name="责任单位", on_delete=models.PROTECT)
    name = models.CharField("场所名称", max_length=100)
    address = models.CharField("地址", max_length=200, blank=True)
    checklist = models.TextField(
        "专项检查项目", help_text="每行一项，例如“安全出口畅通”；定期排查的项目在排查计划中"
    )

    scope = Scope(owner="unit", write_roles=INCIDENT_WRITERS)

    class Meta:
        verbose_name = verbose_name_plural = "重点场所"
        ordering = ["unit__path", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def items(self) -> list[str]:
        return checklist_items(self.checklist)


def checklist_items(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class InspectionPlan(TimeStampedModel):
    """A regular check of a key place (排查计划): what, how often, by whom. Each period of the
    frequency is due one inspection by its last day (`periods`); whether it was held, is due or
    was missed is computed from the inspections, never stored."""

    unit = models.ForeignKey(Unit, verbose_name="责任单位", on_delete=models.PROTECT)
    place = models.ForeignKey(
        KeyPlace, verbose_name="重点场所", on_delete=models.PROTECT, related_name="plans"
    )
    name = models.CharField("排查内容", max_length=100, help_text="例如“消防通道和安全出口”")
    checklist = models.TextField("检查项目", help_text="每行一项")
    frequency = models.CharField("排查周期", max_length=12, choices=Frequency.choices)
    starts_on = models.DateField("开始日期")
    inspector = models.ForeignKey(
        User, verbose_name="排查责任人", on_delete=models.PROTECT, related_name="+"
    )
    rectify_days = models.PositiveSmallIntegerField("一般隐患整改期限（日）", default=15)
    is_active = models.BooleanField("执行中", default=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    scope = Scope(owner="unit", write_roles=INCIDENT_WRITERS)

    class Meta:
        verbose_name = verbose_name_plural = "排查计划"
        ordering = ["place__name", "name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rectify_days__gte=1, rectify_days__lte=365), name="em_plan_rectify"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.place} {self.name}（{self.get_frequency_display()}）"

    @property
    def items(self) -> list[str]:
        return checklist_items(self.checklist)


class Inspection(models.Model):
    place = models.ForeignKey(KeyPlace, on_delete=models.PROTECT, related_name="inspections")
    plan = models.ForeignKey(
        InspectionPlan,
        verbose_name="排查计划",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    period_start = models.DateField("排查周期起", null=True, blank=True)
    inspected_on = models.DateField("检查日期")
    inspector = models.ForeignKey(User, verbose_name="检查人", on_delete=models.PROTECT)
    results = models.JSONField("检查结果", default=list)  # [{"item": …, "passed": bool}]
    note = models.TextField("检查情况", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "隐患排查记录"
        ordering = ["-inspected_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "period_start"], name="em_one_inspection_per_period"
            ),
            models.CheckConstraint(
                condition=Q(plan__isnull=True, period_start__isnull=True)
                | Q(plan__isnull=False, period_start__isnull=False),
                name="em_inspection_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.place} {self.inspected_on}"


class HazardStatus(models.TextChoices):
    OPEN = "open", "整改中"
    RECTIFIED = "rectified", "已整改待复查"
    CLOSED = "closed", "已复查销号"


class Hazard(TimeStampedModel):
    unit = models.ForeignKey(Unit, verbose_name="责任单位", on_delete=models.PROTECT)
    place = models.ForeignKey(KeyPlace, on_delete=models.PROTECT, related_name="hazards")
    inspection = models.ForeignKey(
        Inspection, null=True, blank=True, on_delete=models.PROTECT, related_name="hazards"
    )
    item = models.CharField("检查项目", max_length=100)
    description = models.TextField("隐患情况")
    level = models.CharField("隐患等级", max_length=10, choices=HazardLevel.choices)
    deadline = models.DateField("整改期限")
    responsible = models.ForeignKey(
        User, verbose_name="整改责任人", on_delete=models.PROTECT, related_name="+"
    )
    measures = models.TextField("整改措施", blank=True)
    funds = models.CharField("整改资金", max_length=100, blank=True)
    contingency = models.TextField("应急预案（防范措施）", blank=True)
    supervisor_unit = models.ForeignKey(
        Unit,
        verbose_name="挂牌督办单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        "状态", max_length=10, choices=HazardStatus.choices, default=HazardStatus.OPEN
    )
    version = models.PositiveIntegerField(default=1)
    rectified_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    rectified_on = models.DateField("整改完成日期", null=True, blank=True)
    rectify_note = models.TextField("整改情况", blank=True)
    rechecked_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    rechecked_on = models.DateField("复查日期", null=True, blank=True)
    recheck_note = models.TextField("复查意见", blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    scope = Scope(owner="unit", assigned=("supervisor_unit",), write_roles=INCIDENT_WRITERS)

    class Meta:
        verbose_name = verbose_name_plural = "隐患"
        ordering = ["deadline", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(level="major") | (~Q(measures="") & ~Q(contingency="")),
                name="em_major_five",
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | ~Q(rechecked_by=models.F("rectified_by")),
                name="em_recheck_other",
            ),
        ]
        indexes = [
            # the hazard board: open ones by deadline; its page, visibility and counts (by level,
            # status, overdue) from the index alone
            models.Index(
                fields=["deadline", "id", "unit", "supervisor_unit", "level", "status"],
                name="em_hazard_open_due",
                condition=Q(status__in=["open", "rectified"]),
            ),
            models.Index(fields=["unit", "status", "deadline"], name="em_hazard_unit"),
            models.Index(fields=["level", "deadline", "id"], name="em_hazard_level"),
        ]

    def __str__(self) -> str:
        return f"{self.place} {self.item}"


class HazardEvent(TimelineEvent):
    hazard = models.ForeignKey(Hazard, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField("类型", max_length=12, default="transition")

    class Meta(TimelineEvent.Meta):
        verbose_name = verbose_name_plural = "隐患整改记录"


class Drill(TimeStampedModel):
    unit = models.ForeignKey(Unit, verbose_name="组织单位", on_delete=models.PROTECT)
    plan = models.ForeignKey(Plan, verbose_name="演练预案", on_delete=models.PROTECT)
    kind = models.CharField("演练形式", max_length=10, choices=DrillKind.choices)
    planned_on = models.DateField("计划日期")
    held_on = models.DateField("实施日期", null=True, blank=True)
    scenario = models.TextField("演练情景")
    participants = models.PositiveIntegerField("参演人数", default=0)
    evaluation = models.TextField("演练评估", blank=True)
    incident = models.ForeignKey(
        Incident,
        verbose_name="演练事件",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    scope = Scope(owner="unit", write_roles=INCIDENT_WRITERS)

    class Meta:
        verbose_name = verbose_name_plural = "应急演练"
        ordering = ["-planned_on", "-id"]

    def __str__(self) -> str:
        return f"{self.plan} {self.get_kind_display()} {self.planned_on}"
