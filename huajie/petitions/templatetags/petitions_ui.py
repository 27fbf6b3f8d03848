"""Template helpers of the petition screens: form widgets with their errors, clock badges,
sortable headers and counts written the Chinese office way (共 1,234 条)."""

from __future__ import annotations

from typing import Any

from django import template
from django.forms import BoundField
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.safestring import SafeString

from ..states import Status

register = template.Library()


@register.filter
def hj_widget(field: BoundField, extra_class: str = "") -> SafeString:
    """The field's widget, marked invalid (class, aria) and pointing at its error text."""
    attrs: dict[str, Any] = {}
    css = field.field.widget.attrs.get("class", "")
    if extra_class:
        css = f"{css} {extra_class}".strip()
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
def thousands(value: Any) -> str:
    try:
        return f"{int(value):,}"
    except (TypeError, ValueError):
        return ""


@register.simple_tag
def sort_header(
    request: HttpRequest, current: str, key: str, label: str, both_ways: bool = True
) -> SafeString:
    """A sortable column header link; the first click sorts ascending, the next descending."""
    ascending, descending = current == key, current == f"-{key}"
    target = f"-{key}" if ascending and both_ways else key
    query = request.GET.copy()
    query["sort"] = target
    query.pop("page", None)
    arrow = "bi-sort-up" if ascending else "bi-sort-down" if descending else "bi-arrow-down-up"
    state = "（升序）" if ascending else "（降序）" if descending else ""
    return format_html(
        '<a class="hj-sort{}" href="?{}">{}<i class="bi {} ms-1" aria-hidden="true"></i>'
        '<span class="visually-hidden">{}</span></a>',
        " active" if ascending or descending else "",
        query.urlencode(),
        label,
        arrow,
        state,
    )


@register.simple_tag
def aria_sort(current: str, key: str) -> str:
    if current == key:
        return "ascending"
    if current == f"-{key}":
        return "descending"
    return "none"


@register.filter
def status_label(code: str) -> str:
    return str(Status(code).label) if code in Status.values else code
