"""Small helpers shared by the petition views."""

from __future__ import annotations

from typing import cast

from django.http import HttpRequest

from huajie.orgs.models import RoleCode, User

FRONT_DESK_ROLES = frozenset({RoleCode.CLERK, RoleCode.LEADER})


def acting_user(request: HttpRequest) -> User:
    """The logged-in user (every view is behind `login_required`)."""
    return cast(User, request.user)


def may_register(user: User) -> bool:
    return user.unit is not None and user.has_role(*FRONT_DESK_ROLES)
