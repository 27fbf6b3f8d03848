"""Routing suggestions: the admin's keyword rules (cold start), the record of what was suggested
for each case and what the clerk chose, and one row per training run of the model.

The model itself is a file outside the repository (`settings.ROUTER_DIR`), never a table."""

from __future__ import annotations

from django.db import models

from huajie.common.models import TimeStampedModel
from huajie.orgs.models import Unit, User
from huajie.petitions.models import Category, Petition


class Source(models.TextChoices):
    MODEL = "model", "模型"
    RULES = "rules", "关键词规则"
    NONE = "none", "无建议"


class KeywordRule(TimeStampedModel):
    """An admin's keywords for one category (and the unit that usually handles it): the
    suggestion while there is too little history to learn from."""

    category = models.OneToOneField(
        Category, verbose_name="问题分类", on_delete=models.CASCADE, related_name="+"
    )
    keywords = models.TextField(
        "关键词", help_text="每行一个，或以逗号、顿号、空格分隔；出现在摘要或内容中即命中"
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name="建议承办单位",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "分流关键词规则"
        ordering = ["category__order", "category_id"]

    def __str__(self) -> str:
        return str(self.category)


class Suggestion(models.Model):
    """What was proposed when a case was registered, and what the clerk recorded.

    `categories` / `units` are the proposals as shown: [{"id", "name", "confidence"}, …] best
    first. `category_rank` is the place (1–3) of the category the clerk recorded among them, or
    None when it was not proposed. `chosen_unit` is the unit the clerk accepted on the form
    (Alt+4…6) as the one to transfer or assign to, `unit_rank` its place among the proposals;
    the unit finally handling the case is read from the case."""

    petition = models.OneToOneField(
        Petition, verbose_name="信访事项", on_delete=models.CASCADE, related_name="+"
    )
    source = models.CharField("来源", max_length=8, choices=Source.choices)
    model_version = models.PositiveIntegerField("模型版本", null=True, blank=True)
    categories = models.JSONField("建议分类", default=list, blank=True)
    units = models.JSONField("建议单位", default=list, blank=True)
    chosen_category = models.ForeignKey(
        Category,
        verbose_name="登记分类",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    category_rank = models.PositiveSmallIntegerField("采纳名次", null=True, blank=True)
    chosen_unit = models.ForeignKey(
        Unit,
        verbose_name="选定单位",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    unit_rank = models.PositiveSmallIntegerField("单位采纳名次", null=True, blank=True)
    created_at = models.DateTimeField("建议时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = verbose_name_plural = "分流建议记录"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(category_rank__isnull=True)
                | models.Q(category_rank__gte=1, category_rank__lte=3),
                name="routing_suggestion_rank",
            ),
            models.CheckConstraint(
                condition=models.Q(unit_rank__isnull=True)
                | models.Q(unit_rank__gte=1, unit_rank__lte=3),
                name="routing_suggestion_unit_rank",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.petition_id}: {self.get_source_display()}"


class TrainingOutcome(models.TextChoices):
    TRAINED = "trained", "已训练"
    SKIPPED = "skipped", "历史不足，未训练"
    FAILED = "failed", "失败"


class TrainingRun(models.Model):
    """One `train_router` run (by hand or the nightly job) and its evaluation report."""

    started_at = models.DateTimeField("开始时间", auto_now_add=True)
    outcome = models.CharField("结果", max_length=8, choices=TrainingOutcome.choices)
    version = models.PositiveIntegerField("模型版本", null=True, blank=True)
    file = models.CharField("模型文件", max_length=500, blank=True)
    cases = models.PositiveIntegerField("训练事项数", default=0)
    seconds = models.FloatField("耗时（秒）", default=0)
    report = models.JSONField("评估报告", default=dict, blank=True)
    message = models.TextField("说明", blank=True)
    started_by = models.ForeignKey(
        User, verbose_name="发起人", null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = verbose_name_plural = "分流模型训练"
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"v{self.version or '-'} {self.get_outcome_display()}"
