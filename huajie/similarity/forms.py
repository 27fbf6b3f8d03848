"""Forms of the similarity pages: link by registration number, hot-issue window and region."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from django import forms

from huajie.common.forms import LenientDateField
from huajie.orgs.models import Region

from .hot import Window
from .models import LinkKind

WINDOW_DAYS = [(7, "近7天"), (30, "近30天"), (90, "近90天"), (365, "近一年")]
MAX_CUSTOM_DAYS = 731


class LinkForm(forms.Form):
    reg_no = forms.CharField(
        label="另一件事项的登记编号",
        max_length=40,
        error_messages={"required": "请填写另一件事项的登记编号，例如 QHX-XFJ-2026-00017。"},
    )
    kind = forms.ChoiceField(
        label="关系",
        choices=LinkKind.choices,
        initial=LinkKind.DUPLICATE,
        widget=forms.RadioSelect,
        error_messages={"required": "请选择“重复件”或“关联件”。"},
    )
    note = forms.CharField(label="说明", max_length=200, required=False)


class HotFilterForm(forms.Form):
    days = forms.TypedChoiceField(
        label="时间范围", choices=WINDOW_DAYS, coerce=int, required=False, initial=30
    )
    # Typed as 2026-01-05 or 2026/1/5 (a browser date input shows mm/dd/yyyy on many machines).
    start = LenientDateField(label="自", required=False)
    end = LenientDateField(label="至", required=False)
    region = forms.ChoiceField(label="属地", required=False)
    top = forms.TypedChoiceField(
        label="显示", choices=[(10, "前10项"), (20, "前20项")], coerce=int, required=False
    )

    def __init__(self, *args: Any, regions: list[Region], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        region = cast(forms.ChoiceField, self.fields["region"])
        region.choices = [("", "全部属地")] + [(r.code, r.name) for r in regions]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if bool(start) != bool(end):
            raise forms.ValidationError("自定义时间范围请同时填写开始和结束日期。")
        if start and end:
            if start > end:
                raise forms.ValidationError("开始日期不能晚于结束日期，请调换后重试。")
            if (end - start).days >= MAX_CUSTOM_DAYS:
                raise forms.ValidationError("自定义时间范围最长两年，请缩短后重试。")
        return data

    def window(self, today: date) -> Window:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        if data.get("start") and data.get("end"):
            return Window(data["start"], data["end"])
        return Window.ending(today, data.get("days") or 30)

    def top_n(self) -> int:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return data.get("top") or 10


def previous_label(window: Window) -> str:
    prev = window.previous
    return f"{prev.start:%Y-%m-%d} 至 {prev.end:%Y-%m-%d}"
