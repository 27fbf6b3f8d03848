"""The issue-category tree: loaded from a taxonomy sheet (e.g. the shared taxonomy_517.xlsx)."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence

from django.db import transaction

from ..models import Category
from ..taxonomy import read_taxonomy

# First-level classes used when no taxonomy sheet is at hand (the seven of the public data set).
FALLBACK_TOP_LEVEL = [
    "城乡建设",
    "劳动和社会保障",
    "教育文体",
    "卫生计生",
    "交通运输",
    "商贸旅游",
    "环境保护",
]


@transaction.atomic
def categories_load(*, triples: Iterable[Sequence[str]]) -> int:
    """Create the missing categories of a three-level taxonomy; existing ones are kept.
    Idempotent. Returns how many were created."""
    existing = {(c.parent_id, c.name): c for c in Category.objects.all()}
    created = 0
    order = Category.objects.count()
    for row in triples:
        parent: Category | None = None
        path: list[str] = []
        for level, raw in enumerate(row, 1):
            name = raw.strip()
            if not name:
                break
            path.append(name)
            key = (parent.pk if parent else None, name)
            node = existing.get(key)
            if node is None:
                order += 1
                node = Category.objects.create(
                    name=name, parent=parent, level=level, full_name="/".join(path), order=order
                )
                existing[key] = node
                created += 1
            parent = node
    return created


def categories_load_file(*, path: str | os.PathLike[str]) -> int:
    return categories_load(triples=read_taxonomy(path))
