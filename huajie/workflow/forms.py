"""The HTML form of an action, generated from its `Input`s.

Every form carries the version the user saw (optimistic concurrency). Unit and person selects
get their options from the view (`units=`; people come from each input's `people(unit)` for the
unit chosen in its `people_of` input) and clean to the `Unit` / `User` objects; a select with
`options` offers the record's own (and cleans to the object), a file input cleans to the list
of uploaded files, a rows input to the list of its filled rows. So a form's `cleaned_data` has
the same shape as the API body's validated data and both call the service the same way.
"""

from __future__ import annotations

from dataclasses import replace
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


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files under one name (Django's documented pattern); cleans to a list."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        items = data if isinstance(data, list | tuple) else [data] if data else []
        if not items and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return [single(item, initial) for item in items]


def row_field_name(spec: Input, index: int, sub: Input) -> str:
    return f"{spec.name}_{index}_{sub.name}"


class ActionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    inputs: tuple[Input, ...] = ()

    def __init__(
        self, *args: Any, units: list[Unit] | None = None, record: Any = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self._units = {str(u.pk): u for u in units or []}
        self._people: dict[str, dict[str, User]] = {}
        self._options: dict[str, dict[str, tuple[Any, str]]] = {}
        for spec in self.inputs:
            for name, option in self._optioned(spec):
                self._options[name] = option.offered(record)
                choice_field(self, name).choices = [
                    ("", f"请选择{option.label}"),
                    *((key, label) for key, (_, label) in self._options[name].items()),
                ]
            if spec.type == "unit":
                choice_field(self, spec.name).choices = [
                    ("", "请选择单位"),
                    *unit_choices(units or []),
                ]
        for spec in self.inputs:
            if spec.type == "user":
                self.set_people(spec, self._chosen_unit(spec.people_of))

    @staticmethod
    def _optioned(spec: Input) -> list[tuple[str, Input]]:
        """The field names of the selects with record options: the input's, or its rows'."""
        if spec.type == "rows":
            return [
                (row_field_name(spec, i, sub), sub)
                for i in range(spec.count)
                for sub in spec.fields
                if sub.options is not None
            ]
        return [(spec.name, spec)] if spec.options is not None else []

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
        for name, options in self._options.items():
            value = data.get(name)
            data[name] = options[value][0] if value in options else None
        for spec in self.inputs:
            value = data.get(spec.name)
            if spec.type == "rows":
                data[spec.name] = self._rows(spec, data)
            elif spec.type == "file":
                data[spec.name] = list(value or [])
            elif spec.options is not None:
                continue
            elif spec.type == "unit" and value:
                data[spec.name] = self._units[value]
            elif spec.type == "user" and value:
                data[spec.name] = self._people[spec.name][value]
            elif spec.type in ("select", "radio"):
                # the declared value (an int grade stays an int), as the API's ChoiceField gives
                data[spec.name] = {str(v): v for v, _ in spec.choices}.get(value or "", "")
        return data

    def _rows(self, spec: Input, data: dict[str, Any]) -> list[Any]:
        rows = []
        for i in range(spec.count):
            values = {sub.name: data.pop(row_field_name(spec, i, sub), None) for sub in spec.fields}
            if all(v in (None, "") for v in values.values()):
                continue
            rows.append(spec.row_type(**values) if spec.row_type else values)
        return rows

    def inputs_data(self) -> dict[str, Any]:
        """The validated inputs, keyed as the service's keyword arguments."""
        return {spec.name: self.cleaned_data.get(spec.name) for spec in self.inputs}


def _field(spec: Input) -> forms.Field:
    field = _plain_field(spec)
    if spec.note:
        field.help_text = spec.note
    return field


def _plain_field(spec: Input) -> forms.Field:
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
        case "file":
            attrs = {"class": "form-control", **({"accept": spec.accept} if spec.accept else {})}
            return MultipleFileField(
                label=spec.label,
                required=spec.required,
                widget=MultipleFileInput(attrs=attrs),
                error_messages={"required": message or f"请选择{spec.label}。"},
            )
        case _:
            return text_field(
                spec.label, required=spec.required, message=message, max_length=spec.max_length
            )


def _fields(spec: Input) -> dict[str, forms.Field]:
    """The form fields of one input: one, or each row's (labelled 改进措施1, 改进措施2 …)."""
    if spec.type != "rows":
        return {spec.name: _field(spec)}
    fields = {}
    for i in range(spec.count):
        for n, sub in enumerate(spec.fields):
            label = f"{spec.label}{i + 1}" if n == 0 else sub.label
            fields[row_field_name(spec, i, sub)] = _field(replace(sub, label=label, required=False))
    return fields


_FORMS: dict[str, type[ActionForm]] = {}


def form_class(action: Action, namespace: str = "") -> type[ActionForm]:
    """The form class of `action` (built once per process)."""
    key = f"{namespace}:{action.name}"
    if key not in _FORMS:
        inputs = tuple(spec for spec in action.inputs if spec.screen)
        attrs: dict[str, Any] = {n: f for spec in inputs for n, f in _fields(spec).items()}
        attrs["inputs"] = inputs
        _FORMS[key] = type(f"{action.name.title().replace('_', '')}Form", (ActionForm,), attrs)
    return _FORMS[key]


def build_form(
    action: Action,
    record: Any,
    *,
    data: Any = None,
    files: Any = None,
    units: list[Unit] | None = None,
    namespace: str = "",
) -> ActionForm:
    """The form of `action` on `record`, prefixed by the action's name, bound when `data` (and
    `files`) are given, with the version the user sees and each input's initial value (`record`
    may be None for a part of a form rendered on its own, e.g. the people selects of a chosen
    unit)."""
    initial: dict[str, Any] = {"version": record.version} if record is not None else {}
    for spec in action.inputs:
        if spec.initial is not None and (record is not None or not callable(spec.initial)):
            initial[spec.name] = spec.initial(record) if callable(spec.initial) else spec.initial
    cls = form_class(action, namespace)
    kwargs: dict[str, Any] = {
        "prefix": action.name, "initial": initial, "units": units, "record": record,
    }  # fmt: skip
    return cls(data, files, **kwargs) if data is not None else cls(**kwargs)


def needs_units(action: Action) -> bool:
    return any(spec.type == "unit" and spec.screen for spec in action.inputs)
