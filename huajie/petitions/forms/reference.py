"""The ledger's reference option lists (units, categories, regions), built once per content.

Every request still reads the three tables, but as plain rows (no model objects): the rows are the
version. While they are unchanged the lists, their valid values and their option HTML are reused;
an edit from anywhere (the admin, an import, another worker process) changes the rows, and that
same request builds new lists. Nothing to invalidate, never stale.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from types import SimpleNamespace
from typing import Any

from huajie.common.forms import unit_choices
from huajie.common.widgets import OptionList
from huajie.orgs.models import Region, Unit

from ..models import Category
from .fields import REGION_LEVELS, category_choices, region_choices


@dataclass(frozen=True)
class LedgerOptions:
    units: OptionList
    categories: OptionList
    regions: OptionList

    @classmethod
    def build(cls, *, units: Any, categories: Any, regions: Any) -> LedgerOptions:
        """From model objects or rows with the same attribute names."""
        return cls(
            units=OptionList([("", "全部单位"), *unit_choices(units)]),
            categories=OptionList([("", "全部分类"), *category_choices(categories)]),
            regions=OptionList([("", "全部属地"), *region_choices(regions)]),
        )


Rows = tuple[tuple[Any, ...], ...]
UNIT_COLUMNS = ("pk", "name", "depth")
CATEGORY_COLUMNS = ("pk", "parent_id", "name")
REGION_COLUMNS = ("code", "name", "level", "parent_id")


def ledger_options() -> LedgerOptions:
    """The current lists: three small queries of plain rows, the rest reused while they hold."""
    units = Unit.objects.filter(is_active=True).order_by("path")
    categories = Category.objects.filter(is_active=True).order_by("level", "order", "id")
    regions = Region.objects.filter(level__in=REGION_LEVELS).order_by("code")
    return _options_for(
        tuple(units.values_list(*UNIT_COLUMNS)),
        tuple(categories.values_list(*CATEGORY_COLUMNS)),
        tuple(regions.values_list(*REGION_COLUMNS)),
    )


def _objects(rows: Rows, columns: tuple[str, ...]) -> list[SimpleNamespace]:
    return [SimpleNamespace(**dict(zip(columns, row, strict=True))) for row in rows]


@lru_cache(maxsize=4)
def _options_for(units: Rows, categories: Rows, regions: Rows) -> LedgerOptions:
    return LedgerOptions.build(
        units=_objects(units, UNIT_COLUMNS),
        categories=_objects(categories, CATEGORY_COLUMNS),
        regions=_objects(regions, REGION_COLUMNS),
    )
