"""Reference data an admin maintains: the issue-category tree (time-limit rules live in
`huajie.timelimits`)."""

from django.db import models


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
