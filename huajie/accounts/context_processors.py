"""Template context for the application shell (base.html)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .navigation import nav_for


def shell(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"shell_nav": nav_for(user=user, path=request.path)}
