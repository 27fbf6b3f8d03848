"""Incidents (突发事件): what was reported and when (接报时间 starts every clock), the grade, the
responders instantiated from the plan version on activation, the step checklist, the minute
clocks, reports upward, the timeline (on-scene log included) and the after-action review.

Counts of people, never names: an incident is about a matter, not a dossier on anyone."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from huajie.common.models import TimeStampedModel
from huajie.common.scoping import Scope
from huajie.common.timeline import TimelineEvent
from huajie.orgs.models import Region, RoleCode, Unit, User
from huajie.timelimits.models import MinuteClock

from .choices import Grade, GroupKind, IncidentSource, Position, ReportKind
from .plans import PlanIncidentType, PlanVersion


class IncidentStatus(models.TextChoices):
    REPORTED = "reported", "已接报"
    ACTIVE = "active", "应急响应中"
    STOOD_DOWN = "stood_down", "响应已终止"
    CLOSED = "closed", "已评估归档"


INCIDENT_WRITERS_ROLES = frozenset({RoleCode.COMMANDER, RoleCode.LEADER, RoleCode.DUTY_OFFICER})
INCIDENT_WRITERS = INCIDENT_WRITERS_ROLES


class Incident(TimeStampedModel):
    unit = models.ForeignKey(
        Unit, verbose_name="接报单位", on_delete=models.PROTECT, related_name="incidents"
    )
    command_unit = models.ForeignKey(
        Unit, verbose_name="指挥单位", on_delete=models.PROTECT, related_name="commanded_incidents"
    )
    reg_no = models.CharField("事件编号", max_length=40, unique=True)
    title = models.CharField("事件名称", max_length=100)
    incident_type = models.ForeignKey(
        PlanIncidentType, verbose_name="事件类型", on_delete=models.PROTECT, related_name="+"
    )
    plan_version = models.ForeignKey(
        PlanVersion, verbose_name="适用预案", on_delete=models.PROTECT, related_name="incidents"
    )
    region = models.ForeignKey(
        Region, verbose_name="发生地", null=True, blank=True, on_delete=models.PROTECT
    )
    place = models.CharField("具体地点", max_length=200)
    people_count = models.PositiveIntegerField("涉及人数", default=0)
    deaths = models.PositiveIntegerField("死亡人数", default=0)
    injured = models.PositiveIntegerField("受伤人数", default=0)
    description = models.TextField("事件简要情况")
    source = models.CharField("信息来源", max_length=10, choices=IncidentSource.choices)
    source_note = models.CharField("来源说明", max_length=200, blank=True)
    received_at = models.DateTimeField("接报时间")
    reported_by = models.ForeignKey(User, verbose_name="接报人", on_delete=models.PROTECT)
    suggested_grade = models.PositiveSmallIntegerField(
        "建议级别", choices=Grade.choices, null=True, blank=True
    )
    grade = models.PositiveSmallIntegerField(
        "响应级别", choices=Grade.choices, null=True, blank=True
    )
    grade_reason = models.CharField("定级理由", max_length=200, blank=True)
    commander = models.ForeignKey(
        User,
        verbose_name="现场指挥",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_exercise = models.BooleanField("演练", default=False)
    status = models.CharField(
        "状态",
        max_length=12,
        choices=IncidentStatus.choices,
        default=IncidentStatus.REPORTED,
        db_index=True,
    )
    version = models.PositiveIntegerField("版本", default=1)
    activated_at = models.DateTimeField("启动响应时间", null=True, blank=True)
    stood_down_at = models.DateTimeField("响应终止时间", null=True, blank=True)
    resolution = models.TextField("处置结果", blank=True)
    review_due = models.DateField("总结评估期限", null=True, blank=True)
    closed_at = models.DateTimeField("归档时间", null=True, blank=True)
    intake_label = models.CharField("转来自", max_length=200, blank=True)

    # Read: the receiving unit's tree, the commanding unit, the units of those called out and of
    # the plan's members (the 指挥部 is told of a report before anyone is called out).
    scope = Scope(
        owner="unit",
        assigned=("command_unit", "responders__unit", "plan_version__groups__members__user__unit"),
        write_roles=INCIDENT_WRITERS,
    )

    class Meta:
        verbose_name = verbose_name_plural = "突发事件"
        ordering = ["-received_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(grade__isnull=True) | Q(grade__gte=1, grade__lte=4),
                name="em_incident_grade",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-received_at"], name="em_incident_status"),
            models.Index(fields=["command_unit", "status"], name="em_incident_command"),
        ]

    def __str__(self) -> str:
        return f"{self.reg_no} {self.title}"


class IncidentResponder(models.Model):
    """A member of the plan's command structure or a work group, called out for this incident,
    with the group's limits copied from the plan version. Arrival is a tap, never a location."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="responders")
    group_name = models.CharField("小组", max_length=50)
    group_kind = models.CharField("类别", max_length=10, choices=GroupKind.choices)
    group_order = models.PositiveSmallIntegerField(default=0)
    position = models.CharField("职位", max_length=10, choices=Position.choices)
    duty = models.CharField("分工", max_length=100, blank=True)
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="emergency_callouts")
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT)
    ack_minutes = models.PositiveSmallIntegerField("收到时限（分钟）")
    arrive_minutes = models.PositiveSmallIntegerField("到达时限（分钟）")
    notified_at = models.DateTimeField("通知时间")
    acked_at = models.DateTimeField("收到时间", null=True, blank=True)
    arrived_at = models.DateTimeField("到达时间", null=True, blank=True)
    notice = models.ForeignKey(
        "notices.Notice", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = verbose_name_plural = "响应人员"
        ordering = ["group_order", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["incident", "group_name", "user"], name="em_responder_unique"
            ),
            models.CheckConstraint(
                condition=Q(arrived_at__isnull=True) | Q(acked_at__isnull=False),
                name="em_arrive_after_ack",
            ),
        ]
        indexes = [models.Index(fields=["user", "acked_at"], name="em_responder_user")]

    def __str__(self) -> str:
        return f"{self.group_name} {self.user}"


class IncidentTask(models.Model):
    """A response step of the plan, instantiated on activation: a checklist item with its group,
    an owner (the group's leader) and its minute limit (a clock of kind `step`)."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="tasks")
    order = models.PositiveSmallIntegerField(default=0)
    action = models.CharField("处置措施", max_length=200)
    group_name = models.CharField("责任组", max_length=50, blank=True)
    owner = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT)
    minutes = models.PositiveSmallIntegerField("时限（分钟）")
    done_at = models.DateTimeField("完成时间", null=True, blank=True)
    done_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField("完成情况", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "处置任务"
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.action


class ClockKind(models.TextChoices):
    ACK = "ack", "收到"
    ARRIVE = "arrive", "到达现场"
    STEP = "step", "处置步骤"
    REPORT_FIRST = "report_first", "首报"
    REPORT_CONTINUED = "report_continued", "续报"
    REPORT_FINAL = "report_final", "终报"


REPORT_CLOCK = {
    ReportKind.FIRST: ClockKind.REPORT_FIRST,
    ReportKind.CONTINUED: ClockKind.REPORT_CONTINUED,
    ReportKind.FINAL: ClockKind.REPORT_FINAL,
}


class IncidentClock(MinuteClock):
    """A minute limit of the incident. `escalated` counts the escalations sent for it (1: the
    group leader, 2: the commander); the every-minute job raises it, never lowers it."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="clocks")
    kind = models.CharField("时限", max_length=20, choices=ClockKind.choices)
    responder = models.ForeignKey(
        IncidentResponder, null=True, blank=True, on_delete=models.CASCADE, related_name="clocks"
    )
    task = models.ForeignKey(
        IncidentTask, null=True, blank=True, on_delete=models.CASCADE, related_name="clocks"
    )
    escalated = models.PositiveSmallIntegerField("已升级提醒", default=0)

    class Meta(MinuteClock.Meta):
        verbose_name = verbose_name_plural = "分钟时限"
        indexes = [
            models.Index(
                fields=["due_at", "incident"],
                name="em_clock_running",
                condition=Q(stopped_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.due_at:%H:%M}"


class IncidentReport(models.Model):
    """A report upward (首报 / 续报 / 终报), the facts as filed; its timeliness is its clock's."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField("报告", max_length=10, choices=ReportKind.choices)
    seq = models.PositiveSmallIntegerField("次序", default=1)
    recipient = models.CharField("报送对象", max_length=100)
    happened = models.TextField("事件经过")
    casualties = models.CharField("伤亡情况", max_length=200)
    measures = models.TextField("已采取的措施")
    next_steps = models.TextField("下一步工作")
    filed_at = models.DateTimeField("报送时间")
    filed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    due_at = models.DateTimeField("时限", null=True, blank=True)
    minutes_late = models.PositiveIntegerField("超时分钟", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "信息报告"
        ordering = ["filed_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["incident", "kind", "seq"], name="em_report_unique"),
        ]

    def __str__(self) -> str:
        label = self.get_kind_display()
        return f"{label}（第{self.seq}次）" if self.kind == ReportKind.CONTINUED else label


class EventKind(models.TextChoices):
    REPORTED = "reported", "接报登记"
    TRANSITION = "transition", "状态变更"
    GRADE = "grade", "调整响应级别"
    ACK = "ack", "收到"
    ARRIVE = "arrive", "到达现场"
    TASK = "task", "完成处置步骤"
    REPORT = "report", "信息报告"
    SCENE = "scene", "现场处置记录"
    DECISION = "decision", "指挥决策"
    DEMAND = "demand", "现场诉求"
    ESCALATION = "escalation", "超时提醒"
    LINK = "link", "转登记"
    DOCUMENT = "document", "出具文书"
    REVIEW = "review", "总结评估"


class IncidentEvent(TimelineEvent):
    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField("类型", max_length=12, choices=EventKind.choices)

    class Meta(TimelineEvent.Meta):
        verbose_name = verbose_name_plural = "事件处置记录"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"


class IncidentReview(models.Model):
    """总结评估: what went well, what to improve; the corrective actions are tracked to done."""

    incident = models.OneToOneField(Incident, on_delete=models.CASCADE, related_name="review")
    summary = models.TextField("处置经过和结果")
    went_well = models.TextField("经验做法")
    to_improve = models.TextField("存在问题")
    written_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField("评估时间")

    class Meta:
        verbose_name = verbose_name_plural = "总结评估"

    def __str__(self) -> str:
        return f"{self.incident.reg_no} 总结评估"


class CorrectiveAction(models.Model):
    """An improvement from a review or a drill, with an owner and a due date, tracked to done."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    review = models.ForeignKey(
        IncidentReview, null=True, blank=True, on_delete=models.CASCADE, related_name="actions"
    )
    drill = models.ForeignKey(
        "emergency.Drill", null=True, blank=True, on_delete=models.CASCADE, related_name="actions"
    )
    text = models.CharField("整改措施", max_length=200)
    owner = models.ForeignKey(User, verbose_name="责任人", on_delete=models.PROTECT)
    due_on = models.DateField("完成期限")
    done_on = models.DateField("完成日期", null=True, blank=True)
    done_note = models.CharField("完成情况", max_length=200, blank=True)

    scope = Scope(owner="unit", write_roles=INCIDENT_WRITERS)

    class Meta:
        verbose_name = verbose_name_plural = "改进措施"
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.text
