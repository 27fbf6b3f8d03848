"""Reference data an admin maintains: the issue-category tree and the time-limit rules."""

from django.db import models

from huajie.deadlines import DayKind, DeadlineRule


class Category(models.Model):
    """An issue category (问题分类), up to three levels, seeded from a real taxonomy."""

    name = models.CharField("名称", max_length=100)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级分类",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    level = models.PositiveSmallIntegerField("级别", default=1)
    full_name = models.CharField("完整名称", max_length=255, editable=False, default="")
    order = models.PositiveIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "问题分类"
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="category_unique_name"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.name


class TimeLimitRule(models.Model):
    """A configurable statutory time limit. Defaults follow the 2022 Regulations; an admin may
    switch a limit to working days as several provinces do. Changing a rule never moves a clock
    already started: each clock stores the rule it was computed with."""

    code = models.CharField("规则代码", max_length=50, unique=True)
    name = models.CharField("名称", max_length=50)
    days = models.PositiveSmallIntegerField("天数")
    kind = models.CharField(
        "计算方式", max_length=10, choices=[(k.value, k.label) for k in DayKind]
    )
    source = models.CharField("法律依据", max_length=100)
    start_event = models.CharField("起算", max_length=50)
    roll_forward = models.BooleanField("末日为休息日时顺延", default=True)
    max_extension_days = models.PositiveSmallIntegerField("最长延期天数", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "办理时限规则"
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(days__gte=1), name="rule_days_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.days}{DayKind(self.kind).label}）"

    def as_rule(self) -> DeadlineRule:
        return DeadlineRule(
            code=self.code,
            days=self.days,
            kind=DayKind(self.kind),
            source=self.source,
            start_event=self.start_event,
            roll_forward_if_rest_day=self.roll_forward,
            max_extension_days=self.max_extension_days,
        )
