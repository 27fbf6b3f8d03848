"""A select that writes its options in Python, and option lists that keep their HTML.

Django's `Select` renders one template per option. The ledger's filters hold ~700 options (the
category tree alone is ~650), and rendering them that way cost more than the ledger's own query.
`FastSelect` writes the same HTML, byte for byte (the tests compare it with `forms.Select`), with
string formatting; an `OptionList` also keeps its options' HTML, so a list shared by requests is
written once and each page only marks its selected option.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property
from typing import Any

from django import forms
from django.forms.renderers import BaseRenderer, DjangoTemplates
from django.utils.choices import BaseChoiceIterator, flatten_choices, normalize_choices
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

Choices = list[tuple[Any, Any]]


def _option(value: Any, label: Any) -> str:
    value, label = conditional_escape(str(value)), conditional_escape(label)
    return f'\n  <option value="{value}">{label}</option>\n'


def options_html(choices: Any) -> str:
    """The options (and option groups) exactly as Django's select templates write them."""
    parts: list[str] = []
    for value, label in choices:
        if isinstance(label, list | tuple):
            if value:
                parts.append(f'\n  <optgroup label="{conditional_escape(value)}">')
            parts += [_option(v, text) for v, text in label]
            if value:
                parts.append("\n  </optgroup>")
        else:
            parts.append(_option("" if value is None else value, label))
    return "".join(parts)


def attributes_html(attrs: dict[str, Any]) -> str:
    """Attributes in their own order, as Django's attrs.html writes them (`flatatt` sorts)."""
    return "".join(
        f" {name}" if value is True else f' {name}="{conditional_escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def mark_selected(html: str, selected: list[str]) -> str:
    """Select the first option whose value is among `selected`, as a single `Select` does."""
    hits = []
    for value in selected:
        tag = f'<option value="{conditional_escape(value)}">'
        at = html.find(tag)
        if at >= 0:
            hits.append((at, tag))
    if not hits:
        return html
    at, tag = min(hits)
    return f"{html[:at]}{tag[:-1]} selected>{html[at + len(tag) :]}"


class OptionList(BaseChoiceIterator):
    """Choices built once and shared by requests (never changed after): their option HTML and
    their set of valid values are computed on first use and kept, so labels are plain text, not
    lazy translations."""

    def __init__(self, choices: Choices) -> None:
        self.choices: Choices = normalize_choices(choices)

    def __iter__(self) -> Iterator[tuple[Any, Any]]:
        return iter(self.choices)

    def __copy__(self) -> OptionList:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> OptionList:
        return self

    @cached_property
    def html(self) -> str:
        return options_html(self.choices)

    @cached_property
    def values(self) -> frozenset[str]:
        return frozenset(str(value) for value, _ in flatten_choices(self.choices))


class FastSelect(forms.Select):
    """`forms.Select` (single choice) with the same HTML, written without per-option templates."""

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: BaseRenderer | None = None,
    ) -> SafeString:
        choices = self.choices
        html = choices.html if isinstance(choices, OptionList) else options_html(choices)
        options = mark_selected(html, self.format_value(value))
        final_attrs = attributes_html(self.build_attrs(self.attrs, attrs))
        html = f'<select name="{conditional_escape(name)}"{final_attrs}>{options}\n</select>'
        return mark_safe(html)  # noqa: S308 - every name, value and label is escaped above


class OptionChoiceField(forms.ChoiceField):
    """A choice field whose valid values are looked up in its `OptionList`'s set."""

    def valid_value(self, value: Any) -> bool:
        choices = self.choices
        if isinstance(choices, OptionList):
            return str(value) in choices.values
        return super().valid_value(value)


def _input_html(widget: dict[str, Any]) -> str:
    value = widget["value"]
    shown = "" if value is None else f' value="{conditional_escape(value)}"'
    return (
        f'<input type="{conditional_escape(widget["type"])}" '
        f'name="{conditional_escape(widget["name"])}"{shown}{attributes_html(widget["attrs"])}>'
    )


def _textarea_html(widget: dict[str, Any]) -> str:
    value = widget["value"]
    text = conditional_escape(value) if value else ""
    name = conditional_escape(widget["name"])
    return f'<textarea name="{name}"{attributes_html(widget["attrs"])}>\n{text}</textarea>'


def _option_html(widget: dict[str, Any]) -> str:
    value, label = conditional_escape(widget["value"]), conditional_escape(widget["label"])
    return f'<option value="{value}"{attributes_html(widget["attrs"])}>{label}</option>'


INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in ("input", "text", "number", "email", "url", "password", "hidden", "date",
                 "datetime", "time", "search", "tel", "checkbox")
)  # fmt: skip
WRITERS = {
    **dict.fromkeys(INPUT_TEMPLATES, _input_html),
    "django/forms/widgets/textarea.html": _textarea_html,
}
SELECT_OPTION = "django/forms/widgets/select_option.html"


class FastWidgetRenderer(DjangoTemplates):
    """Django's form renderer, with the plain widgets (inputs, text areas, selects and their
    options, a radio's or checkbox list's own inputs) written in Python, the same HTML as their
    templates (the tests compare them): a page of collapsed action forms rendered ~70 widgets
    through ~200 template renders. Anything else goes to the templates."""

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        widget = context.get("widget")
        if widget is not None and len(context) == 1:
            if template_name in WRITERS:
                return WRITERS[template_name](widget)
            if template_name == "django/forms/widgets/select.html" and all(
                option["template_name"] == SELECT_OPTION
                for _name, options, _index in widget["optgroups"]
                for option in options
            ):
                return self._select(widget)
            if template_name in OPTION_INPUTS and not widget.get("wrap_label"):
                return _input_html(widget)
        return super().render(template_name, context, request)

    def _select(self, widget: dict[str, Any]) -> str:
        parts = [f'<select name="{conditional_escape(widget["name"])}"']
        parts.append(f"{attributes_html(widget['attrs'])}>")
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
            for option in options:  # an included template keeps its closing newline
                parts.append(f"\n  {_option_html(option)}\n")
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return "".join(parts)


OPTION_INPUTS = frozenset(
    {"django/forms/widgets/radio_option.html", "django/forms/widgets/checkbox_option.html"}
)
FAST_RENDERER = FastWidgetRenderer()
