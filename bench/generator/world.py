"""The reference data synthetic cases point at: units, users, categories, regions.

The demo county (`manage.py seed_demo`) when it is there; otherwise one minimal petition office
with a clerk, a handler and a leader. Missing handler accounts of handling units are created with
unusable passwords (username `gen-handler-<unit code>`), so every assigned case has a handler who
belongs to its handling unit, as `petition_assign` requires.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from huajie.orgs import services as org_services
from huajie.orgs.models import Region, Role, RoleCode, Unit, UnitKind, User
from huajie.petitions.models import Category
from huajie.petitions.selectors import region_prefix
from huajie.petitions.services.categories import FALLBACK_TOP_LEVEL, categories_load

DEMO_OFFICE = "QHX-XFJ"
DEMO_TOWNS = ("QHX-CGZ", "QHX-SMX", "QHX-BSZ")
MINIMAL_UNIT = "GEN-XFJ"
HANDLING_KINDS = {UnitKind.DEPARTMENT, UnitKind.TOWN, UnitKind.PETITION_OFFICE}


@dataclass(frozen=True)
class Desk:
    """A registering unit and the clerk who registers there."""

    unit_id: int
    code: str
    clerk_id: int
    weight: int


@dataclass(frozen=True)
class World:
    desks: list[Desk]
    handling: list[tuple[int, int]]  # (unit id, handler id)
    leader_id: int
    review_unit_id: int
    category_ids: list[int]
    region_ids: list[str | None]


def _user(unit: Unit, role: str, *, prefix: str) -> User:
    found = User.objects.filter(unit=unit, roles__code=role, is_active=True).order_by("id").first()
    if found is not None:
        return found
    user = User(username=f"{prefix}-{unit.code.lower()}"[:150], unit=unit, full_name="生成账号")
    user.set_unusable_password()
    user.save()
    user.roles.add(
        Role.objects.get_or_create(code=role, defaults={"name": RoleCode(role).label})[0]
    )
    return user


def _minimal_unit() -> Unit:
    unit = Unit.objects.filter(code=MINIMAL_UNIT).first()
    if unit is None:
        unit = org_services.unit_save(
            unit=Unit(code=MINIMAL_UNIT, name="示例县信访局", kind=UnitKind.PETITION_OFFICE),
            acting_user=None,
        )
    return unit


@transaction.atomic
def world_build(*, unit_code: str | None = None) -> World:
    if unit_code:
        desk_units = [Unit.objects.get(code=unit_code)]
        weights = [1]
    elif Unit.objects.filter(code=DEMO_OFFICE).exists():
        desk_units = [Unit.objects.get(code=DEMO_OFFICE)] + list(
            Unit.objects.filter(code__in=DEMO_TOWNS).order_by("code")
        )
        weights = [7] + [1] * (len(desk_units) - 1)
    else:
        desk_units, weights = [_minimal_unit()], [1]
    desks = [
        Desk(u.pk, u.code.upper(), _user(u, "clerk", prefix="gen-clerk").pk, w)
        for u, w in zip(desk_units, weights, strict=True)
    ]
    top = desk_units[0]
    root_path = "/" + top.path.strip("/").split("/")[0] + "/"
    county = Unit.objects.filter(path=root_path).first() or top
    candidates = list(
        Unit.objects.filter(
            path__startswith=county.path, kind__in=HANDLING_KINDS, is_active=True
        ).order_by("path")
    ) or [top]
    handling = [(u.pk, _user(u, "handler", prefix="gen-handler").pk) for u in candidates]
    leader = _user(county, "leader", prefix="gen-leader")
    if not Category.objects.exists():
        categories_load(triples=[(name,) for name in FALLBACK_TOP_LEVEL])
    leaves = list(
        Category.objects.filter(is_active=True, children__isnull=True).values_list("id", flat=True)
    )
    regions: list[str | None] = []
    if county.region_id:
        prefix = region_prefix(county.region_id)
        regions = list(
            Region.objects.filter(code__startswith=prefix).values_list("code", flat=True)
        )
    return World(
        desks=desks,
        handling=handling,
        leader_id=leader.pk,
        review_unit_id=county.pk,
        category_ids=leaves,
        region_ids=regions or [None],
    )
