"""Screening (排查): each unit's schedule, the rounds it reports, the monthly analysis meeting."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from huajie.common.scoping import Scope
from huajie.orgs.models import Unit, User

from .dispute import Dispute


class ScreeningSchedule(models.Model):
    """How often a unit screens: village committees weekly, the town centre every two weeks
    (the plan's defaults; an admin may change either). Periods run from `starts_on` in steps of
    `every_days`; each period expects one round, due on its last day."""

    unit = models.OneToOneField(
        Unit, verbose_name="排查单位", on_delete=models.CASCADE, related_name="screening"
    )
    every_days = models.PositiveSmallIntegerField("周期（天）", default=7)
    starts_on = models.DateField("起始日期")
    active = models.BooleanField("启用", default=True)

    scope = Scope(owner="unit")

    class Meta:
        verbose_name = verbose_name_plural = "排查计划"
        constraints = [
            models.CheckConstraint(
                condition=Q(every_days__gte=1, every_days__lte=92), name="med_schedule_every"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} 每{self.every_days}天"


class ScreeningRound(models.Model):
    """One round's report: the disputes found, or "none found" — a valid report too."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="screening_rounds")
    period_start = models.DateField("周期开始")
    period_end = models.DateField("周期截止")
    reported_on = models.DateField("报告日期")
    reported_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    none_found = models.BooleanField("未发现矛盾纠纷", default=False)
    findings = models.TextField("排查情况", blank=True)
    disputes = models.ManyToManyField(Dispute, blank=True, related_name="screenings")
    created_at = models.DateTimeField(auto_now_add=True)

    scope = Scope(owner="unit")

    class Meta:
        verbose_name = verbose_name_plural = "排查报告"
        ordering = ["-period_start", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "period_start"], name="med_round_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.period_start}–{self.period_end}"

    @property
    def late(self) -> bool:
        return self.reported_on > self.period_end


class AnalysisMeeting(models.Model):
    """The monthly analysis meeting (研判例会) chaired by the leader in charge."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="analysis_meetings")
    held_on = models.DateField("会议日期")
    chair = models.CharField("主持人", max_length=50)
    attendees = models.TextField("参会人员")
    discussion = models.TextField("研判情况")
    decisions = models.TextField("议定事项")
    disputes = models.ManyToManyField(Dispute, blank=True, related_name="meetings")
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    scope = Scope(owner="unit")

    class Meta:
        verbose_name = verbose_name_plural = "分析研判例会"
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.unit} {self.held_on}"
