"""Template helpers of the mediation screens: widgets marked with their errors, status labels."""

from __future__ import annotations

from typing import Any

from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString

from ..states import Status

register = template.Library()


@register.filter
def med_widget(field: BoundField) -> SafeString:
    attrs: dict[str, Any] = {}
    css = field.field.widget.attrs.get("class", "")
    if field.errors:
        css = f"{css} is-invalid".strip()
        attrs["aria-invalid"] = "true"
        attrs["aria-describedby"] = f"{field.auto_id}-error"
    if field.field.required:
        attrs["aria-required"] = "true"
    if css:
        attrs["class"] = css
    return field.as_widget(attrs=attrs)


@register.filter
def status_label(value: str) -> str:
    try:
        return str(Status(value).label)
    except ValueError:
        return value
