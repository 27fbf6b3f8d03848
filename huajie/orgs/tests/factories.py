"""Factories for the organisation tree; units go through orgs.services so paths are real."""

from __future__ import annotations

import itertools

from huajie.orgs import services
from huajie.orgs.models import Role, RoleCode, Unit, UnitKind, User

_seq = itertools.count(1)


def make_unit(
    name: str | None = None, *, parent: Unit | None = None, kind: str = UnitKind.DEPARTMENT
) -> Unit:
    n = next(_seq)
    return services.unit_create(
        name=name or f"测试单位{n}", code=f"T{n}", kind=kind, parent=parent, acting_user=None
    )


def make_user(unit: Unit | None, *roles: str, username: str | None = None) -> User:
    user = User.objects.create_user(
        username=username or f"user{next(_seq)}", password="Test-Passw0rd!", full_name="测试用户"
    )
    user.unit = unit
    user.save(update_fields=["unit"])
    if roles:
        labels = dict(RoleCode.choices)
        user.roles.set(
            [
                Role.objects.get_or_create(code=code, defaults={"name": labels[code]})[0]
                for code in roles
            ]
        )
    return user
