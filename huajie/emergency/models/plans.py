"""Emergency plans (应急预案) as data: a plan and its versions, each version holding the command
structure and work groups, the incident types it covers with their grading criteria, the response
steps per type and grade, the report chain with its limits, and the resources. A version in force
is never edited: a revision is a new version (a copy) put in force in its place, with the list
of what changed (`changes`) computed when it takes effect."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from huajie.common.models import TimeStampedModel
from huajie.common.scoping import Scope
from huajie.orgs.models import RoleCode, Unit, User

from .choices import Grade, GroupKind, PlanStatus, Position, ReportKind

PLAN_WRITERS = frozenset({RoleCode.COMMANDER, RoleCode.ADMIN, RoleCode.LEADER})


class Plan(TimeStampedModel):
    """One plan across its versions. `unit` maintains it (the office of its 指挥部, which commands
    its incidents); it applies to incidents received anywhere under `area_unit`."""

    unit = models.ForeignKey(
        Unit, verbose_name="编制单位", on_delete=models.PROTECT, related_name="emergency_plans"
    )
    area_unit = models.ForeignKey(
        Unit,
        verbose_name="适用区域（单位）",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="该单位及其下级单位接报的事件适用本预案，例如县人民政府",
    )
    name = models.CharField("预案名称", max_length=100)

    scope = Scope(owner="unit", assigned=("area_unit",), write_roles=PLAN_WRITERS)

    class Meta:
        verbose_name = verbose_name_plural = "应急预案"
        ordering = ["unit__path", "name"]

    def __str__(self) -> str:
        return self.name


class PlanVersion(TimeStampedModel):
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField("版本号")
    status = models.CharField(
        "状态", max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    title = models.CharField("标题", max_length=100)
    issuing_organ = models.CharField("印发机关", max_length=100)
    doc_number = models.CharField("文号", max_length=50, blank=True)
    purpose = models.TextField("编制目的和依据", blank=True)
    scope_text = models.TextField("适用范围")
    principles = models.TextField("工作原则")
    command_name = models.CharField("指挥机构名称", max_length=100)
    office_name = models.CharField("办公室", max_length=100, blank=True)
    office_duties = models.TextField("办公室职责", blank=True)
    aftercare = models.TextField("后期处置", blank=True)
    drills_per_year = models.PositiveSmallIntegerField("每年演练次数", default=1)
    review_days = models.PositiveSmallIntegerField("总结评估期限（日）", default=7)
    effective_on = models.DateField("施行日期", null=True, blank=True)
    review_on = models.DateField("评估修订日期", null=True, blank=True)
    change_note = models.TextField("修订说明", blank=True)
    changes = models.JSONField("修订内容", default=list, blank=True, editable=False)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    in_force_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    in_force_at = models.DateTimeField("生效操作时间", null=True, blank=True)

    # read where its plan is read: the applies-to unit reads every version (write stays the
    # issuing unit's subtree)
    scope = Scope(owner="plan__unit", assigned=("plan__area_unit",), write_roles=PLAN_WRITERS)

    class Meta:
        verbose_name = verbose_name_plural = "预案版本"
        ordering = ["plan", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="em_version_unique"),
            models.UniqueConstraint(
                fields=["plan"], condition=Q(status="in_force"), name="em_one_in_force"
            ),
            models.UniqueConstraint(
                fields=["plan"], condition=Q(status="draft"), name="em_one_draft"
            ),
            models.CheckConstraint(
                condition=Q(drills_per_year__gte=1, drills_per_year__lte=12),
                name="em_drills_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title}（第{self.number}版）"

    @property
    def is_editable(self) -> bool:
        return self.status == PlanStatus.DRAFT


class PlanGroup(models.Model):
    """The 指挥部, its office or a work group, with its duties and the limits (minutes from 接报)
    for its members to acknowledge and to be on the scene."""

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="groups")
    kind = models.CharField("类别", max_length=10, choices=GroupKind.choices)
    name = models.CharField("名称", max_length=50)
    duties = models.TextField("职责")
    ack_minutes = models.PositiveSmallIntegerField("收到时限（分钟）", default=10)
    arrive_minutes = models.PositiveSmallIntegerField("到达时限（分钟）", default=30)
    order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "指挥机构和工作组"
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "name"], name="em_group_unique"),
            models.CheckConstraint(
                condition=Q(ack_minutes__gte=1, arrive_minutes__gte=1), name="em_group_limits"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PlanMember(models.Model):
    group = models.ForeignKey(PlanGroup, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(User, verbose_name="人员", on_delete=models.PROTECT, related_name="+")
    position = models.CharField("职位", max_length=10, choices=Position.choices)
    duty = models.CharField("分工", max_length=100, blank=True)
    order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "工作组成员"
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="em_member_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user}（{self.get_position_display()}）"


class PlanIncidentType(models.Model):
    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="types")
    name = models.CharField("事件类型", max_length=50)
    description = models.TextField("情形", blank=True)
    order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "事件类型"
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "name"], name="em_type_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class GradeCriterion(models.Model):
    """The thresholds of one grade for one type: the grade is met when any threshold given is
    reached (people involved, deaths, injured); `text` states it as the plan does."""

    incident_type = models.ForeignKey(
        PlanIncidentType, on_delete=models.CASCADE, related_name="criteria"
    )
    grade = models.PositiveSmallIntegerField("级别", choices=Grade.choices)
    people_min = models.PositiveIntegerField("涉及人数达到", null=True, blank=True)
    deaths_min = models.PositiveIntegerField("死亡人数达到", null=True, blank=True)
    injured_min = models.PositiveIntegerField("受伤人数达到", null=True, blank=True)
    text = models.CharField("分级标准", max_length=200)

    class Meta:
        verbose_name = verbose_name_plural = "分级标准"
        ordering = ["grade"]
        constraints = [
            models.UniqueConstraint(fields=["incident_type", "grade"], name="em_criterion_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_grade_display()}：{self.text}"

    def met_by(self, *, people: int, deaths: int, injured: int) -> bool:
        pairs = ((self.people_min, people), (self.deaths_min, deaths), (self.injured_min, injured))
        return any(limit is not None and value >= limit for limit, value in pairs)


class PlanStep(models.Model):
    """A response step: who does what within how many minutes of 接报. `lowest_grade`: the step
    applies from Ⅰ级 down to this grade (empty: every grade)."""

    incident_type = models.ForeignKey(
        PlanIncidentType, on_delete=models.CASCADE, related_name="steps"
    )
    order = models.PositiveSmallIntegerField("顺序", default=0)
    action = models.CharField("处置措施", max_length=200)
    group = models.ForeignKey(
        PlanGroup, verbose_name="责任组", null=True, blank=True, on_delete=models.SET_NULL
    )
    minutes = models.PositiveSmallIntegerField("时限（分钟）")
    lowest_grade = models.PositiveSmallIntegerField(
        "适用级别（该级及以上）", choices=Grade.choices, null=True, blank=True
    )

    class Meta:
        verbose_name = verbose_name_plural = "处置步骤"
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(minutes__gte=1), name="em_step_minutes"),
        ]

    def __str__(self) -> str:
        return self.action

    def applies_to(self, grade: int) -> bool:
        return self.lowest_grade is None or grade <= self.lowest_grade


class PlanReportRule(models.Model):
    """The report chain: 首报 within `minutes` of 接报, 续报 every `minutes` while the response
    runs, 终报 within `minutes` of the stand-down."""

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField("报告", max_length=10, choices=ReportKind.choices)
    minutes = models.PositiveIntegerField("时限（分钟）")
    recipient = models.CharField("报送对象", max_length=100)
    note = models.CharField("要求", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "信息报告时限"
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "kind"], name="em_report_rule_unique"),
            models.CheckConstraint(condition=Q(minutes__gte=1), name="em_report_minutes"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.minutes}分钟"


class PlanResource(models.Model):
    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="resources")
    name = models.CharField("物资装备", max_length=100)
    quantity = models.CharField("数量", max_length=30)
    location = models.CharField("存放地点", max_length=100)
    keeper = models.CharField("保管人及电话", max_length=100, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "应急物资装备"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name
