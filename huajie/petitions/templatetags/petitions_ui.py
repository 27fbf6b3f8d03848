"""Template helpers of the petition screens: form widgets with their errors, clock badges,
sortable headers and counts written the Chinese office way (共 1,234 条)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import template
from django.forms import BoundField
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.safestring import SafeString

from ..states import Status

if TYPE_CHECKING:
    from ..models import Petition
    from ..views.presenters import ClockBadge

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


@register.simple_tag
def status_badge(petition: Petition, style: str) -> SafeString:
    badge = format_html(
        '<span class="badge rounded-pill text-bg-{} hj-status" data-status="{}">{}</span>',
        style,
        petition.status,
        petition.get_status_display(),
    )
    if getattr(petition, "is_history", False):
        badge += format_html(
            ' <span class="badge rounded-pill text-bg-light border hj-history" '
            'title="{}">历史导入</span>',
            "由旧台账导入的历史记录：不计办理时限，不催办，不计入按期办结统计",
        )
    return badge


@register.simple_tag
def clock_badge(
    clock: ClockBadge | None, show_calendar: bool = False, no_kind: bool = False
) -> SafeString | str:
    """A clock as a coloured badge with its kind, due date and days left; the rule on hover."""
    if not clock:
        return ""
    calendar = clock.calendar_name or clock.calendar_version
    title = f"{clock.rule} · 日历：{calendar}" if show_calendar else clock.rule
    kind = "" if no_kind else format_html('<span class="hj-clock-kind">{}</span> ', clock.label)
    due = format_html('<time datetime="{0}">{0}</time> · ', clock.due) if clock.due else ""
    return format_html(
        '<span class="badge hj-clock {}" tabindex="0" data-bs-toggle="tooltip"'
        ' data-clock-state="{}" title="{}">{}{}{}</span>',
        clock.css,
        clock.state,
        title,
        kind,
        due,
        clock.left_text,
    )


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
