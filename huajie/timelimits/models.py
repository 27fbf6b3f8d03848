"""The rule table an admin edits, and the abstract stored clock each module's clock table uses.

A stored clock copies its rule (days, counting, legal source, start event, extension limit,
window) and the calendar version it was computed with, so a later edit of the rule or of the
holiday table never moves a deadline already running ("store facts, compute time"). "Due soon" and
"overdue" are computed in selectors; only the frozen on-time/late outcome of a finished stage is
stored. A window (the petitioner's review request, the receiving unit's objection) gets no outcome.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from huajie.deadlines import DayKind, DeadlineRule, MinuteRule

from .registry import Rule, default_rule

MINUTES = "minutes"
RULE_KINDS = [*((k.value, k.label) for k in DayKind), (MINUTES, "分钟")]


class TimeLimitRule(models.Model):
    """An admin's override of a registered statutory limit. Defaults follow the law; an admin may
    switch a limit to working days as several provinces do. Changing a rule never moves a clock
    already started: each clock stores the rule it was computed with."""

    code = models.CharField("规则代码", max_length=50, unique=True)
    name = models.CharField("名称", max_length=50)
    amount = models.PositiveIntegerField("时限", help_text="日历日、工作日的天数，或分钟数")
    kind = models.CharField("计算方式", max_length=10, choices=RULE_KINDS)
    source = models.CharField("法律依据", max_length=100)
    start_event = models.CharField("起算", max_length=50)
    roll_forward = models.BooleanField("末日为休息日时顺延", default=True)
    max_extension_days = models.PositiveSmallIntegerField("最长延期天数", null=True, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "办理时限规则"
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gte=1), name="tlrule_amount_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.amount}{self.get_kind_display()}）"

    def as_rule(self) -> Rule:
        window = default_rule(self.code).window
        if self.kind == MINUTES:
            return MinuteRule(self.code, self.amount, self.source, self.start_event, window)
        return DeadlineRule(
            code=self.code,
            days=self.amount,
            kind=DayKind(self.kind),
            source=self.source,
            start_event=self.start_event,
            roll_forward_if_rest_day=self.roll_forward,
            max_extension_days=self.max_extension_days,
            window=window,
        )


class Outcome(models.TextChoices):
    ON_TIME = "on_time", "按期"
    LATE = "late", "超期"


class DayClock(models.Model):
    """A time limit counted in days, stored with its rule. Subclasses add the foreign key to
    their record (named by their `ClockSet.owner_field`), `kind` choices and their indexes."""

    kind = models.CharField("时限", max_length=20)
    round = models.PositiveSmallIntegerField("轮次", default=1)
    rule_code = models.CharField("规则", max_length=50)
    rule_days = models.PositiveSmallIntegerField("天数")
    rule_kind = models.CharField("计算方式", max_length=10)
    rule_source = models.CharField("法律依据", max_length=100)
    rule_start_event = models.CharField("起算", max_length=50)
    rule_roll_forward = models.BooleanField("末日顺延", default=True)
    rule_max_extension = models.PositiveSmallIntegerField("最长延期", null=True, blank=True)
    rule_window = models.BooleanField("期间（不计超期）", default=False)
    calendar_version = models.CharField("日历版本", max_length=200)
    start = models.DateField("起算日")
    running_since = models.DateField("计时起点")
    consumed = models.PositiveSmallIntegerField("已用天数", default=0)
    paused_on = models.DateField("暂停日", null=True, blank=True)
    due = models.DateField("到期日", null=True, blank=True)
    rolled_forward_from = models.DateField("顺延前末日", null=True, blank=True)
    extension_days = models.PositiveSmallIntegerField("延期天数", default=0)
    extension_reason = models.TextField("延期理由", blank=True)
    extension_approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="批准人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    extension_on = models.DateField("延期日期", null=True, blank=True)
    stopped_on = models.DateField("结束日", null=True, blank=True)
    outcome = models.CharField("结果", max_length=10, choices=Outcome.choices, blank=True)

    class Meta:
        abstract = True
        ordering = ["start", "id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.due}"

    @property
    def is_open(self) -> bool:
        return self.stopped_on is None

    @property
    def is_staff_limit(self) -> bool:
        """A running limit staff must meet (not a window, not stopped, not paused)."""
        return self.stopped_on is None and self.due is not None and not self.rule_window

    def as_rule(self) -> DeadlineRule:
        return DeadlineRule(
            code=self.rule_code,
            days=self.rule_days,
            kind=DayKind(self.rule_kind),
            source=self.rule_source,
            start_event=self.rule_start_event,
            roll_forward_if_rest_day=self.rule_roll_forward,
            max_extension_days=self.rule_max_extension,
            window=self.rule_window,
        )


class MinuteClock(models.Model):
    """A limit counted in minutes of real time (on site within 30 minutes, a first report within
    an hour), stored with its rule. Subclasses add the foreign key to their record, `kind`
    choices and indexes; `timelimits.minutes` starts and stops them."""

    kind = models.CharField("时限", max_length=20)
    round = models.PositiveSmallIntegerField("轮次", default=1)
    rule_code = models.CharField("规则", max_length=50)
    rule_minutes = models.PositiveIntegerField("分钟数")
    rule_source = models.CharField("依据", max_length=100)
    rule_start_event = models.CharField("起算", max_length=50)
    rule_window = models.BooleanField("期间（不计超时）", default=False)
    start_at = models.DateTimeField("起算时间")
    due_at = models.DateTimeField("时限")
    stopped_at = models.DateTimeField("完成时间", null=True, blank=True)
    outcome = models.CharField("结果", max_length=10, choices=Outcome.choices, blank=True)

    class Meta:
        abstract = True
        ordering = ["start_at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.due_at:%Y-%m-%d %H:%M}"

    @property
    def is_open(self) -> bool:
        return self.stopped_at is None

    def as_rule(self) -> MinuteRule:
        return MinuteRule(
            self.rule_code,
            self.rule_minutes,
            self.rule_source,
            self.rule_start_event,
            self.rule_window,
        )
