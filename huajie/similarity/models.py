"""Similarity tables: one MinHash signature per case, its LSH buckets, and links between cases.

The signature and the buckets are derived data, rebuilt at any time by
`manage.py build_signatures`; the links are the clerks' decisions and keep their history on both
case timelines.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.db.models.functions import Greatest, Least

from huajie.orgs.models import User
from huajie.petitions.models import Petition


class PetitionSignature(models.Model):
    """What similarity knows of one case: its MinHash signature and its TF-IDF keywords."""

    petition = models.OneToOneField(
        Petition, on_delete=models.CASCADE, primary_key=True, related_name="signature"
    )
    version = models.PositiveSmallIntegerField("签名版本")
    minhash = models.BinaryField("MinHash 签名")
    keywords = models.JSONField("关键词", default=list)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "事项相似度签名"

    def __str__(self) -> str:
        return f"signature of {self.petition_id}"


class LshBucket(models.Model):
    """One LSH band of one case. The band number is folded into `bucket`, so a lookup is a single
    `bucket IN (…)` over the primary key, which covers (bucket, petition): an index-only read.
    No separate index on `petition`: rows of a case are replaced through its stored signature's
    buckets, and cases are never deleted (their timeline protects them)."""

    pk = models.CompositePrimaryKey("bucket", "petition")
    bucket = models.BigIntegerField("桶")
    petition = models.ForeignKey(
        Petition, on_delete=models.CASCADE, db_index=False, related_name="+"
    )

    class Meta:
        verbose_name = verbose_name_plural = "LSH 桶"

    def __str__(self) -> str:
        return f"{self.bucket}:{self.petition_id}"


class LinkKind(models.TextChoices):
    DUPLICATE = "duplicate", "重复件"
    RELATED = "related", "关联件"


class PetitionLink(models.Model):
    """`from_petition` is a 重复件 (duplicate) of `to_petition`, or the two are 关联件 (related).

    One link per pair whichever way it points (a unique index on the ordered pair), never a case
    to itself."""

    from_petition = models.ForeignKey(
        Petition, verbose_name="事项", on_delete=models.CASCADE, related_name="links_out"
    )
    to_petition = models.ForeignKey(
        Petition, verbose_name="关联事项", on_delete=models.CASCADE, related_name="links_in"
    )
    kind = models.CharField("关系", max_length=10, choices=LinkKind.choices)
    note = models.CharField("说明", max_length=200, blank=True)
    created_by = models.ForeignKey(
        User, verbose_name="标记人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("标记时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "重复件与关联件"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_petition=models.F("to_petition")), name="link_not_self"
            ),
            models.UniqueConstraint(
                Least("from_petition", "to_petition"),
                Greatest("from_petition", "to_petition"),
                name="link_unique_pair",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_petition_id} {self.kind} {self.to_petition_id}"
