"""Abstract bases shared by every domain app."""

from django.db import models


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        abstract = True


class Counter(models.Model):
    """The last number drawn in a numbering scope for one year: registration numbers of a unit,
    document numbers of a unit and kind. Only `common.counters` changes it."""

    key = models.CharField("编号范围", max_length=100)
    year = models.PositiveSmallIntegerField("年度")
    last = models.PositiveIntegerField("已用序号", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "编号计数"
        constraints = [models.UniqueConstraint(fields=["key", "year"], name="counter_key_year")]

    def __str__(self) -> str:
        return f"{self.key} {self.year}: {self.last}"
