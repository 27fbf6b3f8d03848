"""Field helpers and reference lists shared by the petition forms."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Q

from huajie.common.forms import Choices
from huajie.orgs.models import Region, RegionLevel, RoleCode, Unit, User

from ..models import Category

PAGE_SIZES = (20, 50, 100)
CLOCK_STATES = [
    ("overdue", "已超期"),
    ("due_soon", "即将到期"),
    ("on_time", "期限内"),
    ("closed_on_time", "按期办结"),
    ("closed_late", "超期办结"),
]
SORT_CHOICES = [
    (key, key)
    for key in ("-received_on", "received_on", "reg_no", "-reg_no", "next_due", "-next_due")
] + [("status", "status")]
VISIT_METHODS = [("phone", "电话"), ("visit", "上门"), ("online", "网上")]


# --- reference lists, each one query, shared by the forms of a request -----------------------


def category_choices(categories: Iterable[Category]) -> Choices:
    """Level-1 categories become option groups; deeper levels are options ("二级 › 三级")."""
    children: dict[int | None, list[Category]] = defaultdict(list)
    for cat in categories:
        children[cat.parent_id].append(cat)
    groups: Choices = []
    for top in children[None]:
        options: Choices = [(str(top.pk), f"{top.name}（综合）")]
        for second in children[top.pk]:
            options.append((str(second.pk), second.name))
            options += [
                (str(third.pk), f"{second.name} › {third.name}") for third in children[second.pk]
            ]
        groups.append((top.name, options))
    return groups


def region_choices(regions: Iterable[Region]) -> Choices:
    """County options first, then one option group per town: 县 → 乡镇 → 村."""
    counties: Choices = []
    towns: dict[str, tuple[str, Choices]] = {}
    for region in regions:
        if region.level == RegionLevel.COUNTY:
            counties.append((region.code, f"{region.name}（全县）"))
        elif region.level == RegionLevel.TOWN:
            towns.setdefault(region.code, (region.name, []))[1].insert(
                0, (region.code, f"{region.name}（全乡镇）")
            )
        elif region.level == RegionLevel.VILLAGE and region.parent_id:
            parent = towns.setdefault(region.parent_id, ("", []))
            parent[1].append((region.code, region.name))
    groups: Choices = [("县（区）", counties)] if counties else []
    groups += [(name or code, options) for code, (name, options) in towns.items()]
    return groups


def reference_categories() -> list[Category]:
    return list(Category.objects.filter(is_active=True).order_by("level", "order", "id"))


REGION_LEVELS = [RegionLevel.COUNTY, RegionLevel.TOWN, RegionLevel.VILLAGE]


def reference_regions() -> list[Region]:
    return list(Region.objects.filter(level__in=REGION_LEVELS).order_by("code"))


def reference_units() -> list[Unit]:
    return list(Unit.objects.filter(is_active=True).order_by("path"))


def leaders_for(unit: Unit | None) -> list[User]:
    """Leaders who may answer for a case of `unit`: its own leaders, those above and below it.
    Nobody before a unit is chosen (never other units' people)."""
    if unit is None:
        return []
    above = [int(pk) for pk in unit.path.strip("/").split("/") if pk]
    qs = User.objects.filter(is_active=True, roles__code=RoleCode.LEADER).select_related("unit")
    qs = qs.filter(Q(unit__path__startswith=unit.path) | Q(unit_id__in=above))
    return list(qs.distinct().order_by("unit__path", "id"))


def handlers_for(unit: Unit | None) -> list[User]:
    """Handlers of `unit` and the units under it; nobody before a unit is chosen."""
    if unit is None:
        return []
    qs = User.objects.filter(is_active=True, roles__code=RoleCode.HANDLER).select_related("unit")
    qs = qs.filter(unit__path__startswith=unit.path)
    return list(qs.distinct().order_by("unit__path", "id"))
