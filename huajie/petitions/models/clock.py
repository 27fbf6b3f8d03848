"""A statutory clock of a petition, stored with the rule and calendar that produced its due date.

"Due soon" and "overdue" are computed in selectors from `due` and today; only the frozen
on-time/late outcome of a finished stage is stored.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from huajie.orgs.models import User

from .case import Petition
from .choices import ClockKind, Outcome


class PetitionClock(models.Model):
    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="clocks")
    kind = models.CharField("时限", max_length=20, choices=ClockKind.choices)
    round = models.PositiveSmallIntegerField("轮次", default=1)
    rule_code = models.CharField("规则", max_length=50)
    rule_days = models.PositiveSmallIntegerField("天数")
    rule_kind = models.CharField("计算方式", max_length=10)
    rule_source = models.CharField("法律依据", max_length=100)
    rule_start_event = models.CharField("起算", max_length=50)
    rule_roll_forward = models.BooleanField("末日顺延", default=True)
    rule_max_extension = models.PositiveSmallIntegerField("最长延期", null=True, blank=True)
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
        User,
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
        verbose_name = verbose_name_plural = "办理时限"
        ordering = ["start", "id"]
        constraints = [
            models.UniqueConstraint(fields=["petition", "kind", "round"], name="clock_unique"),
            models.CheckConstraint(condition=Q(extension_days__lte=30), name="clock_ext_max"),
            models.CheckConstraint(
                condition=Q(extension_days=0) | ~Q(extension_reason=""), name="clock_ext_reason"
            ),
        ]
        indexes = [
            models.Index(fields=["stopped_on", "due"], name="clock_open_due"),
            # Running clocks only (about one in ten): what the overdue and due-soon lists and the
            # next-due column read, index-only, in due-date order. `kind` is in the index so the
            # petitioner's windows are skipped without visiting the table.
            models.Index(
                fields=["due", "petition", "kind"],
                name="clock_running_due",
                condition=Q(stopped_on__isnull=True, due__isnull=False),
            ),
            # Cases that missed a limit (closed late / on time filters).
            models.Index(fields=["petition"], name="clock_late", condition=Q(outcome="late")),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.due}"

    @property
    def is_open(self) -> bool:
        return self.stopped_on is None
