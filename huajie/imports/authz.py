"""Imports' rows of the authorization matrix (`huajie/common/authz.py`)."""

from __future__ import annotations

import itertools

from django.core.files.base import ContentFile

from huajie.common.authz import POSTED, SUBTREE, Access, Row, Target, World, owner_for

_seq = itertools.count(1)


def batch(world: World, relation: str) -> Target:
    from .models import ImportBatch

    secret = f"矩阵机密台账{next(_seq):03d}.xlsx"
    item = ImportBatch(
        unit=owner_for(world, relation), created_by=world.users["clerk"], original_name=secret
    )
    item.file.save("b.xlsx", ContentFile(_sheet()), save=False)
    item.save()
    return Target({"pk": item.pk}, secret)


def _sheet() -> bytes:
    from io import BytesIO

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None  # noqa: S101
    sheet.append(["标题", "内容", "来信日期"])
    sheet.append(["外墙脱落", "某小区外墙脱落", "2025-09-30"])
    out = BytesIO()
    book.save(out)
    return out.getvalue()


RECORDS = {"import_batch": batch}

ROWS = [
    Row("imports:index", {"GET": Access(), "POST": Access(ok=POSTED)}),
    Row("imports:export", {"GET": Access()}),
    Row("imports:batch", {"GET": Access(reads=SUBTREE), "POST": Access(ok=POSTED, reads=SUBTREE)},
        record="import_batch"),
    Row("imports:start", {"POST": Access(ok=POSTED, reads=SUBTREE)}, record="import_batch"),
    # 204 while nothing has started: the page polls until there is progress to show.
    Row("imports:progress", {"GET": Access(ok=frozenset({200, 204}), reads=SUBTREE)},
        record="import_batch"),
]  # fmt: skip
