"""The HTML form of an action, generated from its `Input`s.

Every form carries the version the user saw (optimistic concurrency). Unit and person selects
get their options from the view (`units=`; people come from each input's `people(unit)` for the
unit chosen in its `people_of` input) and clean to the `Unit` / `User` objects, so a form's
`cleaned_data` has the same shape as the API body's validated data and both call the service the
same way.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from huajie.common.forms import (
    LenientDateField,
    choice_field,
    people_choices,
    radio_field,
    select_field,
    text_field,
    unit_choices,
)
from huajie.orgs.models import Unit, User

from .actions import Action, Input


class ActionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    inputs: tuple[Input, ...] = ()

    def __init__(self, *args: Any, units: list[Unit] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._units = {str(u.pk): u for u in units or []}
        self._people: dict[str, dict[str, User]] = {}
        for spec in self.inputs:
            if spec.type == "unit":
                choice_field(self, spec.name).choices = [
                    ("", "请选择单位"),
                    *unit_choices(units or []),
                ]
        for spec in self.inputs:
            if spec.type == "user":
                self.set_people(spec, self._chosen_unit(spec.people_of))

    def _chosen_unit(self, name: str) -> Unit | None:
        """The unit posted in input `name`, or before posting its initial (a proposed unit)."""
        if not name:
            return None
        if self.is_bound:
            return self._units.get(str(self.data.get(self.add_prefix(name), "")))
        value = self.initial.get(name)
        return self._units.get(str(value or ""))

    def set_people(self, spec: Input, unit: Unit | None) -> None:
        people = spec.people(unit) if spec.people else []
        self._people[spec.name] = {str(u.pk): u for u in people}
        choice_field(self, spec.name).choices = [
            ("", f"请选择{spec.label}"),
            *people_choices(people),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for spec in self.inputs:
            value = data.get(spec.name)
            if spec.type == "unit" and value:
                data[spec.name] = self._units[value]
            elif spec.type == "user" and value:
                data[spec.name] = self._people[spec.name][value]
            elif spec.type in ("select", "radio") and value is None:
                data[spec.name] = ""
        return data

    def inputs_data(self) -> dict[str, Any]:
        """The validated inputs, keyed as the service's keyword arguments."""
        return {spec.name: self.cleaned_data.get(spec.name) for spec in self.inputs}


def _field(spec: Input) -> forms.Field:
    message = spec.message or ""
    match spec.type:
        case "date":
            return LenientDateField(
                label=spec.label,
                required=spec.required,
                initial=timezone.localdate if spec.today_default else None,
                error_messages={"required": message or f"请填写{spec.label}。"},
            )
        case "textarea":
            return text_field(
                spec.label,
                rows=spec.rows,
                required=spec.required,
                message=message,
                max_length=spec.max_length,
            )
        case "select" | "unit" | "user":
            return select_field(spec.label, list(spec.choices), required=spec.required)
        case "radio":
            return radio_field(
                spec.label, list(spec.choices), required=spec.required, message=message
            )
        case "int":
            return forms.IntegerField(
                label=spec.label,
                required=spec.required,
                min_value=spec.min_value,
                max_value=spec.max_value,
                widget=forms.NumberInput(attrs={"class": "form-control", "inputmode": "numeric"}),
                error_messages={"required": message or f"请填写{spec.label}。", **spec.messages},
            )
        case _:
            return text_field(
                spec.label, required=spec.required, message=message, max_length=spec.max_length
            )


_FORMS: dict[str, type[ActionForm]] = {}


def form_class(action: Action, namespace: str = "") -> type[ActionForm]:
    """The form class of `action` (built once per process)."""
    key = f"{namespace}:{action.name}"
    if key not in _FORMS:
        inputs = tuple(spec for spec in action.inputs if spec.screen)
        attrs: dict[str, Any] = {spec.name: _field(spec) for spec in inputs}
        attrs["inputs"] = inputs
        _FORMS[key] = type(f"{action.name.title().replace('_', '')}Form", (ActionForm,), attrs)
    return _FORMS[key]


def build_form(
    action: Action,
    record: Any,
    *,
    data: Any = None,
    units: list[Unit] | None = None,
    namespace: str = "",
) -> ActionForm:
    """The form of `action` on `record`, prefixed by the action's name, bound when `data` is
    given, with the version the user sees and each input's initial value (`record` may be None
    for a part of a form rendered on its own, e.g. the people selects of a chosen unit)."""
    initial: dict[str, Any] = {"version": record.version} if record is not None else {}
    for spec in action.inputs:
        if spec.initial is not None and (record is not None or not callable(spec.initial)):
            initial[spec.name] = spec.initial(record) if callable(spec.initial) else spec.initial
    cls = form_class(action, namespace)
    kwargs: dict[str, Any] = {"prefix": action.name, "initial": initial, "units": units}
    return cls(data, **kwargs) if data is not None else cls(**kwargs)


def needs_units(action: Action) -> bool:
    return any(spec.type == "unit" and spec.screen for spec in action.inputs)
