"""Writes to the organisation tree. Every write takes the acting user and is one transaction."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr

from huajie.common.errors import ApplicationError
from huajie.common.scoping import require_writable

from .models import Region, Unit, User, WorkGroup


def _path_for(unit: Unit) -> tuple[str, int]:
    if unit.parent_id is None:
        return f"/{unit.pk}/", 0
    parent = Unit.objects.only("path", "depth").get(pk=unit.parent_id)
    return f"{parent.path}{unit.pk}/", parent.depth + 1


@transaction.atomic
def unit_save(*, unit: Unit, acting_user: User | None) -> Unit:
    """Create or update a unit and keep the materialised paths of its subtree true.

    Moving a unit under one of its own descendants is refused.
    """
    old_path = None
    if unit.pk is not None:
        old_path = Unit.objects.filter(pk=unit.pk).values_list("path", flat=True).first()
    if unit.parent_id is not None and old_path:
        parent_path = Unit.objects.values_list("path", flat=True).get(pk=unit.parent_id)
        if parent_path.startswith(old_path):
            raise ApplicationError(
                "不能把单位移到它自己或它的下级单位之下，请选择其他上级单位。", field="parent"
            )
    unit.save()
    new_path, depth = _path_for(unit)
    if new_path != unit.path or depth != unit.depth:
        Unit.objects.filter(pk=unit.pk).update(path=new_path, depth=depth)
        if old_path:
            depth_delta = depth - unit.depth
            Unit.objects.filter(path__startswith=old_path).exclude(pk=unit.pk).update(
                path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
                depth=F("depth") + depth_delta,
            )
        unit.path, unit.depth = new_path, depth
    return unit


def unit_create(
    *,
    name: str,
    code: str,
    kind: str,
    parent: Unit | None,
    region: Region | None = None,
    short_name: str = "",
    phone: str = "",
    acting_user: User | None,
) -> Unit:
    unit = Unit(
        name=name,
        code=code,
        kind=kind,
        parent=parent,
        region=region,
        short_name=short_name,
        phone=phone,
    )
    return unit_save(unit=unit, acting_user=acting_user)


@transaction.atomic
def workgroup_update(
    *,
    group: WorkGroup,
    acting_user: User,
    name: str | None = None,
    duties: str | None = None,
    phone: str | None = None,
) -> WorkGroup:
    """Edit a group's own fields. Only writers in the owning unit's subtree may (see scoping)."""
    require_writable(acting_user, group)
    changed = []
    for field, value in (("name", name), ("duties", duties), ("phone", phone)):
        if value is not None and getattr(group, field) != value:
            setattr(group, field, value)
            changed.append(field)
    if changed:
        if not group.name.strip():
            raise ApplicationError("小组名称不能为空，请填写名称。", field="name")
        group.save(update_fields=[*changed, "updated_at"])
    return group
