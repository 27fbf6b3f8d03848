"""Form fields every module's screens use: lenient dates, text, selects and radios with
Chinese messages, and option lists for units and people."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from datetime import date
from typing import Any, cast

from django import forms

from huajie.orgs.models import Unit, User

from .widgets import FastSelect

Choices = list[tuple[Any, Any]]

EARLIEST_DATE, LATEST_DATE = date(2000, 1, 1), date(2099, 12, 31)
DATE_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d"]


class LenientDateField(forms.DateField):
    """Accepts 2026-01-05, 2026/1/5, 2026.1.5, 2026年1月5日 and full-width digits."""

    input_formats = DATE_FORMATS
    default_error_messages = {"invalid": "日期格式不正确，请写成 2026-01-05 或 2026/1/5。"}

    def __init__(self, **kwargs: Any) -> None:
        attrs = {"placeholder": "年-月-日", "autocomplete": "off", "class": "form-control"}
        kwargs.setdefault("widget", forms.DateInput(format="%Y-%m-%d", attrs=attrs))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> date | None:
        if isinstance(value, str):
            value = unicodedata.normalize("NFKC", value).strip().replace(" ", "")
        return super().to_python(value)

    def validate(self, value: Any) -> None:
        """Within 2000–2099, like every date the API takes: no date arithmetic past its range."""
        super().validate(value)
        if value and not EARLIEST_DATE <= value <= LATEST_DATE:
            raise forms.ValidationError(
                "日期应在 2000-01-01 至 2099-12-31 之间，请核对。", code="date_out_of_range"
            )


def text_field(
    label: str,
    *,
    required: bool = False,
    max_length: int | None = None,
    rows: int = 0,
    message: str = "",
    **attrs: Any,
) -> forms.CharField:
    widget: forms.Widget
    if rows:
        widget = forms.Textarea(attrs={"rows": rows, "class": "form-control", **attrs})
    else:
        widget = forms.TextInput(attrs={"class": "form-control", **attrs})
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=widget,
        strip=True,
        error_messages={
            "required": message or f"请填写{label}。",
            "max_length": f"{label}最多 %(limit_value)d 个字。",
        },
    )


def select_field(
    label: str, choices: Choices, *, required: bool = False, blank: str = "", **attrs: Any
) -> forms.ChoiceField:
    options: Choices = [("", blank or "请选择")] if blank is not None else []
    return forms.ChoiceField(
        label=label,
        required=required,
        choices=options + list(choices),
        widget=FastSelect(attrs={"class": "form-select", **attrs}),
        error_messages={
            "required": f"请选择{label}。",
            "invalid_choice": f"请从列表中选择{label}。",
        },
    )


def radio_field(
    label: str, choices: Choices, *, required: bool = True, message: str = ""
) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        required=required,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": message or f"请选择{label}。"},
    )


def choice_field(form: forms.Form, name: str) -> forms.ChoiceField:
    return cast(forms.ChoiceField, form.fields[name])


def unit_choices(units: Iterable[Unit]) -> Choices:
    return [(str(u.pk), ("\u3000" * u.depth) + u.name) for u in units]


def people_choices(users: Iterable[User]) -> Choices:
    """Users grouped by unit, e.g. the handlers of every department."""
    groups: dict[str, Choices] = {}
    for user in users:
        label = f"{user.full_name or user.username}" + (f"（{user.title}）" if user.title else "")
        groups.setdefault(user.unit.name if user.unit else "未分配单位", []).append(
            (str(user.pk), label)
        )
    return list(groups.items())
