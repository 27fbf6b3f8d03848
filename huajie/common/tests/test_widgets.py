"""`FastWidgetRenderer` writes the same HTML as Django's widget templates, byte for byte."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates

from huajie.common.widgets import FAST_RENDERER

TRICKY = "a<b>&\"c'd"
CHOICES = [("", "—"), ("x", "甲 <x>"), ("y&", 'y"'), ("组", [("g1", "一"), ("g2", "二")]), (3, 3)]


class Everything(forms.Form):
    text = forms.CharField(max_length=20, help_text="提示")
    optional = forms.CharField(required=False)
    number = forms.IntegerField(min_value=0)
    decimal = forms.DecimalField(max_digits=6, decimal_places=2, required=False)
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}))
    email = forms.EmailField(required=False)
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    pick = forms.ChoiceField(choices=CHOICES, widget=forms.Select(attrs={"class": "form-select"}))
    picks = forms.MultipleChoiceField(choices=CHOICES, required=False)
    radio = forms.ChoiceField(choices=CHOICES[1:3], widget=forms.RadioSelect)
    boxes = forms.MultipleChoiceField(
        choices=CHOICES[1:3], widget=forms.CheckboxSelectMultiple, required=False
    )
    flag = forms.BooleanField(required=False)
    secret = forms.CharField(widget=forms.HiddenInput, required=False)
    disabled = forms.CharField(disabled=True, required=False)


CASES: list[tuple[dict[str, Any] | None, dict[str, Any]]] = [
    (None, {}),
    (None, {"text": TRICKY, "number": 7, "day": date(2026, 12, 3), "pick": "y&", "flag": True,
            "note": TRICKY, "secret": TRICKY, "radio": "x", "boxes": ["x", "y&"]}),
    ({"text": TRICKY, "number": "x", "day": "2026-02-30", "pick": "g2", "picks": ["x", "g1"],
      "note": "\n" + TRICKY, "radio": "y&", "boxes": ["y&"], "flag": "on", "secret": "s",
      "decimal": "1.5"}, {}),
]  # fmt: skip


def _html(renderer: Any, data: Any, initial: dict[str, Any]) -> list[str]:
    form = Everything(data=data, initial=initial, renderer=renderer)
    out = []
    for field in form:
        out.append(str(field.as_widget(attrs={"aria-required": "true"})))
        out.append(str(field))
        out += [str(choice.tag()) for choice in field.subwidgets]
        out += [str(choice) for choice in field.subwidgets]
    return out


@pytest.mark.parametrize(("data", "initial"), CASES)
def test_same_html_as_the_templates(data: Any, initial: dict[str, Any]) -> None:
    assert _html(FAST_RENDERER, data, initial) == _html(DjangoTemplates(), data, initial)
