"""Forms of the import screens. They parse input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms

from huajie.petitions.models import Channel, PetitionClass

from .mapping import HISTORY, OPEN_AS_CHOICES, TARGETS, Mapping

NOT_IMPORTED = "（不导入）"


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Excel 文件（.xlsx）",
        widget=forms.ClearableFileInput(
            attrs={
                "class": "form-control",
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            }
        ),
        error_messages={
            "required": "请选择要导入的 Excel 文件。",
            "empty": "文件是空的，请重新选择。",
        },
    )


class MappingForm(forms.Form):
    """One select per target field listing the sheet's columns, plus the defaults used when a
    cell says nothing, and an optional name to save the mapping under."""

    default_channel = forms.ChoiceField(
        label="默认信访形式",
        choices=[c for c in Channel.choices if c[0] != Channel.HIGHER],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    default_class = forms.ChoiceField(
        label="默认信访类别",
        choices=PetitionClass.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    open_as = forms.ChoiceField(
        label="没有答复的行导入为",
        choices=OPEN_AS_CHOICES,
        initial=HISTORY,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={"required": "请选择没有答复的行作为历史记录还是待办事项导入。"},
    )
    save_as = forms.CharField(
        label="保存此列对应为",
        required=False,
        max_length=60,
        widget=forms.TextInput(
            attrs={"class": "form-control", "placeholder": "例如：留言板导出（可不填）"}
        ),
        error_messages={"max_length": "名称最多60个字。"},
    )

    def __init__(self, *args: Any, columns: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", NOT_IMPORTED), *((label, label) for label in columns)]
        for target in TARGETS:
            self.fields[f"col_{target.key}"] = forms.ChoiceField(
                label=target.label,
                required=target.required,
                choices=choices,
                help_text=target.help,
                widget=forms.Select(attrs={"class": "form-select"}),
                error_messages={
                    "required": f"请选择“{target.label}”对应的列。",
                    "invalid_choice": "请从列表中选择表格中的列。",
                },
            )

    @classmethod
    def initial_for(cls, mapping: Mapping) -> dict[str, str]:
        initial = {f"col_{key}": label for key, label in mapping.columns.items()}
        initial["default_channel"] = mapping.defaults.get("channel", Channel.ONLINE)
        initial["default_class"] = mapping.defaults.get("petition_class", PetitionClass.COMPLAINT)
        initial["open_as"] = mapping.defaults.get("open_as", HISTORY)
        return initial

    def target_fields(self) -> list[forms.BoundField]:
        return [self[f"col_{target.key}"] for target in TARGETS]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen: dict[str, str] = {}
        for target in TARGETS:
            label = data.get(f"col_{target.key}")
            if not label:
                continue
            if label in chosen:
                self.add_error(
                    f"col_{target.key}",
                    f"“{label}”列已对应“{chosen[label]}”，一列只能对应一项。",
                )
            chosen[label] = target.label
        return data

    def mapping(self) -> Mapping:
        d = self.cleaned_data
        columns = {t.key: d[f"col_{t.key}"] for t in TARGETS if d.get(f"col_{t.key}")}
        defaults = {
            "channel": d["default_channel"],
            "petition_class": d["default_class"],
            "open_as": d.get("open_as") or HISTORY,
        }
        return Mapping(columns=columns, defaults=defaults)
