"""The duty module's forms: plain fields; the services do the checking."""

from __future__ import annotations

from typing import Any

from django import forms

from huajie.orgs.models import Unit, User

from .models import LogChannel, ReceptionKind, ReportDays, ReportKind, ShiftKind

DT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M", "%Y-%m-%dT%H:%M:%S"]
D_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d"]


def dt_field(label: str, required: bool = True) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=required,
        input_formats=DT_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


def d_field(label: str, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=D_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class StyledForm(forms.Form):
    """Bootstrap classes on every widget."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.RadioSelect | forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")


class LogEntryForm(StyledForm):
    received_at = dt_field("接报时间")
    channel = forms.ChoiceField(label="方式", choices=LogChannel.choices)
    caller_name = forms.CharField(label="来电（来访）人", max_length=50, required=False)
    caller_org = forms.CharField(label="来电单位", max_length=100, required=False)
    caller_phone = forms.CharField(
        label="联系电话",
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel"}),
    )
    content = forms.CharField(label="内容", widget=forms.Textarea(attrs={"rows": 4}))
    action_taken = forms.CharField(
        label="处置情况", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    told = forms.CharField(label="已报告（通知）", max_length=200, required=False)


class ReportForm(StyledForm):
    kind = forms.ChoiceField(
        label="报送类型",
        choices=ReportKind.choices,
        widget=forms.RadioSelect,
        initial=ReportKind.ZERO,
    )
    content = forms.CharField(
        label="报送内容",
        required=False,
        widget=forms.Textarea(
            attrs={
                "rows": 4,
                "placeholder": "有情况时写明事项、地点、涉及人数、处置进展；无情况选“零报告”",
            }
        ),
    )


class ReceptionForm(StyledForm):
    leader_name = forms.CharField(label="接访领导", max_length=50)
    leader_title = forms.CharField(label="职务", max_length=50, required=False)
    kind = forms.ChoiceField(label="方式", choices=ReceptionKind.choices)
    place = forms.CharField(label="地点", max_length=100)
    starts_at = dt_field("开始")
    ends_at = dt_field("结束")
    topics = forms.CharField(label="接访事项", max_length=200, required=False)
    how_to_book = forms.CharField(label="预约方式", max_length=200, required=False)
    published = forms.BooleanField(label="向社会公布", required=False)


class LeaveForm(StyledForm):
    starts_on = d_field("开始日期")
    ends_on = d_field("结束日期")
    reason = forms.CharField(label="事由", max_length=200)
    destination_note = forms.CharField(label="工作联系方式", max_length=100, required=False)


def split_times(text: str) -> list[str]:
    """ "09:30、17:30" / "09:30,17:30" / "09:30 17:30" → ["09:30", "17:30"]."""
    for sep in "、，,；;":
        text = text.replace(sep, " ")
    return [t for t in text.split() if t]


class ReportDefinitionForm(StyledForm):
    name = forms.CharField(label="名称", max_length=100)
    times = forms.CharField(
        label="截止时间",
        max_length=60,
        help_text="如 17:00；一日两报写 09:30、17:30",
    )
    days = forms.ChoiceField(label="报送日", choices=ReportDays.choices)
    starts_on = d_field("起报日期", required=False)
    source = forms.CharField(label="依据", max_length=200, required=False)
    units = forms.ModelMultipleChoiceField(
        label="报送单位", queryset=Unit.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    is_active = forms.BooleanField(label="启用", required=False, initial=True)

    def __init__(self, *args: Any, units: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["units"]
        assert isinstance(field, forms.ModelMultipleChoiceField)  # noqa: S101 - declared above
        field.queryset = units if units is not None else Unit.objects.none()
        field.widget.attrs["class"] = "form-check-input"


class SpecialPeriodForm(StyledForm):
    name = forms.CharField(label="名称", max_length=100)
    starts_on = d_field("开始日期")
    ends_on = d_field("结束日期")
    report_times = forms.CharField(
        label="特护期报送时间",
        max_length=60,
        required=False,
        help_text="留空则按原报送要求；如 17:00，或一日两报 09:30、17:30",
    )
    report_days = forms.ChoiceField(
        label="特护期报送日", choices=ReportDays.choices, initial=ReportDays.EVERY_DAY
    )
    officers_per_slot = forms.IntegerField(
        label="每班值班人员数", min_value=1, max_value=6, initial=2
    )
    leave_needs_approval = forms.BooleanField(
        label="领导干部离岗须书面批准", required=False, initial=True
    )
    leader = forms.ModelChoiceField(
        label="领导小组组长（审批离岗）", queryset=User.objects.none(), required=False
    )
    notes = forms.CharField(
        label="工作要求", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, leaders: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["leader"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - declared above
        field.queryset = leaders if leaders is not None else User.objects.none()


class RotaRecordForm(StyledForm):
    arrived = forms.TimeField(
        label="到岗时间",
        required=False,
        input_formats=["%H:%M"],
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    safety = forms.CharField(
        label="安全巡查",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": "校门、食堂、宿舍、消防通道等"}),
    )
    order = forms.CharField(
        label="纪律与秩序", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    hygiene = forms.CharField(
        label="卫生", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    problems = forms.CharField(
        label="发现的问题", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    actions = forms.CharField(
        label="处理情况", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


SHIFT_ROWS = 4
PATTERN_KINDS = [
    (ShiftKind.FULL_DAY, ShiftKind.FULL_DAY.label),
    (ShiftKind.DAY_NIGHT, ShiftKind.DAY_NIGHT.label),
    (ShiftKind.CUSTOM, ShiftKind.CUSTOM.label),
]


class ShiftPatternForm(StyledForm):
    """A pattern and up to four shifts of its day (name, start, hours). The form checks each
    row is whole and well written; the service checks the shifts together (24 hours for the
    standard kinds, no overlap, distinct names)."""

    name = forms.CharField(label="名称", max_length=50)
    kind = forms.ChoiceField(label="类型", choices=PATTERN_KINDS, initial=ShiftKind.CUSTOM)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for i in range(1, SHIFT_ROWS + 1):
            self.fields[f"label_{i}"] = forms.CharField(
                label=f"第{i}班 名称", max_length=20, required=False
            )
            self.fields[f"start_{i}"] = forms.TimeField(
                label=f"第{i}班 开始时间",
                required=False,
                input_formats=["%H:%M", "%H:%M:%S"],
                widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
                error_messages={"invalid": "请按 08:30 的格式填写开始时间。"},
            )
            self.fields[f"hours_{i}"] = forms.DecimalField(
                label=f"第{i}班 时长（小时）",
                required=False,
                min_value=1,
                max_value=24,
                decimal_places=1,
                widget=forms.NumberInput(attrs={"step": "0.5", "inputmode": "decimal"}),
                error_messages={
                    "invalid": "时长请填写小时数，例如 12 或 8.5。",
                    "min_value": "一个班次至少 1 小时。",
                    "max_value": "一个班次最长 24 小时。",
                    "max_decimal_places": "时长最多精确到半小时，例如 8.5。",
                },
            )
            for part in ("label", "start", "hours"):
                self.fields[f"{part}_{i}"].widget.attrs["class"] = "form-control"

    def rows(self) -> list[tuple[Any, Any, Any]]:
        """The shift rows' bound fields, for the template."""
        return [
            (self[f"label_{i}"], self[f"start_{i}"], self[f"hours_{i}"])
            for i in range(1, SHIFT_ROWS + 1)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        shifts = []
        for i in range(1, SHIFT_ROWS + 1):
            label, start, hours = (data.get(f"{p}_{i}") for p in ("label", "start", "hours"))
            if any(f"{p}_{i}" in self.errors for p in ("start", "hours")):
                continue
            if not (label or start or hours):
                continue
            if start is None:
                self.add_error(f"start_{i}", f"第{i}班：请填写开始时间，例如 08:30。")
            if hours is None:
                self.add_error(f"hours_{i}", f"第{i}班：请填写时长（小时），例如 12。")
            if start is not None and hours is not None:
                if (hours * 2) % 1:
                    self.add_error(f"hours_{i}", "时长请以半小时为单位，例如 8 或 8.5。")
                    continue
                shifts.append(
                    {
                        "label": label or f"第{i}班",
                        "start": start.strftime("%H:%M"),
                        "minutes": int(hours * 60),
                    }
                )
        if not shifts and not self.errors:
            raise forms.ValidationError("请至少填写一个班次：名称、开始时间和时长。")
        data["shifts"] = shifts
        return data
