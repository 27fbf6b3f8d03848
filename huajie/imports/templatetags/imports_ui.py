"""Template helpers of the import screens."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def thousands(value: object) -> str:
    """4326 → "4,326", as counts are written on office screens (共 1,234 条)."""
    try:
        return f"{int(str(value)):,}"
    except ValueError:
        return ""
