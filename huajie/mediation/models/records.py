"""What happens in a dispute's mediation: sessions (调解笔录), the agreement and its performance
terms, return visits."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from huajie.orgs.models import User

from .choices import AgreementForm, Performance, Satisfaction, VisitMethod
from .dispute import Dispute


class MediationSession(models.Model):
    """One mediation session and its record (调解笔录); the signed record is uploaded as a scan."""

    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField("调解日期")
    place = models.CharField("调解地点", max_length=100)
    mediators = models.CharField("调解员", max_length=100)
    attendees = models.CharField("到场人员", max_length=200)
    statements = models.TextField("各方陈述及请求")
    outcome = models.TextField("调解结果")
    scan = models.FileField("签名笔录扫描件", upload_to="mediation/sessions/%Y/", blank=True)
    scan_name = models.CharField("原文件名", max_length=200, blank=True)
    scan_mime = models.CharField("文件类型", max_length=100, blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "调解笔录"
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return f"{self.dispute_id} {self.held_on}"


class Agreement(models.Model):
    """The agreement reached (《人民调解法》第二十八至三十条). A written one carries the parties'
    details (from the dispute), the facts, the points in dispute and each side's responsibility,
    the terms and how and by when they are performed; it takes effect when the parties and the
    mediator have signed (`signed_on`)."""

    dispute = models.OneToOneField(Dispute, on_delete=models.CASCADE, related_name="agreement")
    form = models.CharField("协议形式", max_length=8, choices=AgreementForm.choices)
    facts = models.TextField("纠纷主要事实", blank=True)
    issues = models.TextField("争议事项", blank=True)
    responsibilities = models.TextField("各方责任", blank=True)
    terms = models.TextField("协议内容")
    performance_method = models.TextField("履行方式", blank=True)
    reached_on = models.DateField("达成日期")
    signed_on = models.DateField("生效日期", null=True, blank=True)
    drafted_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "调解协议"

    def __str__(self) -> str:
        return f"{self.dispute_id} {self.get_form_display()}"


class PerformanceTerm(models.Model):
    """One performance item of an agreement, with its due date (reminders run before it)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(default=0)
    description = models.CharField("履行事项", max_length=300)
    due_on = models.DateField("履行期限")
    done_on = models.DateField("履行日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "履行事项"
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.description


class ReturnVisit(models.Model):
    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="visits")
    visited_on = models.DateField("回访日期")
    method = models.CharField("方式", max_length=8, choices=VisitMethod.choices)
    performance = models.CharField("履行情况", max_length=10, choices=Performance.choices)
    satisfaction = models.CharField("满意度", max_length=14, choices=Satisfaction.choices)
    note = models.TextField("回访情况", blank=True)
    visited_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "回访记录"
        ordering = ["visited_on", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(satisfaction=""), name="med_visit_satisfaction"),
        ]

    def __str__(self) -> str:
        return f"{self.dispute_id} {self.visited_on}"
