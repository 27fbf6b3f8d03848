"""The emergency module's forms. Each form only cleans what the user typed; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from huajie.common.forms import LenientDateField
from huajie.orgs.models import Unit, User

from .models import (
    DrillKind,
    Frequency,
    GradeCriterion,
    HazardLevel,
    IncidentSource,
    KeyPlace,
    Plan,
    PlanGroup,
    PlanIncidentType,
    PlanMember,
    PlanReportRule,
    PlanResource,
    PlanStep,
    PlanVersion,
)


class Styled:
    """Bootstrap classes on every widget; required fields marked for the template."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # type: ignore[attr-defined]
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                widget.attrs.setdefault("class", "form-select")
            elif isinstance(widget, forms.Textarea):
                widget.attrs.setdefault("class", "form-control")
                widget.attrs.setdefault("rows", 3)
            else:
                widget.attrs.setdefault("class", "form-control")


LOCAL_DT = "%Y-%m-%d %H:%M"


class LocalDateTimeField(forms.DateTimeField):
    input_formats = [LOCAL_DT, "%Y-%m-%dT%H:%M", "%Y/%m/%d %H:%M"]


def people_of(unit: Unit | None) -> list[User]:
    """Users of the unit's tree (a county plan draws its members from the whole county)."""
    if unit is None:
        return []
    root = unit.path.strip("/").split("/")[0]
    return list(
        User.objects.filter(is_active=True, unit__path__startswith=f"/{root}/")
        .select_related("unit")
        .order_by("unit__path", "full_name")
    )


class IncidentForm(Styled, forms.Form):
    source_token = forms.CharField(widget=forms.HiddenInput, required=False)
    drill = forms.CharField(widget=forms.HiddenInput, required=False)
    received_at = LocalDateTimeField(
        label="接报时间", help_text="所有时限自接报时间起算，格式 2026-12-03 09:15"
    )
    incident_type = forms.ModelChoiceField(
        label="事件类型", queryset=PlanIncidentType.objects.none(), empty_label="请选择"
    )
    title = forms.CharField(label="事件名称", max_length=100)
    place = forms.CharField(label="具体地点", max_length=200)
    people_count = forms.IntegerField(label="涉及人数", min_value=0, initial=0)
    deaths = forms.IntegerField(label="死亡人数", min_value=0, initial=0)
    injured = forms.IntegerField(label="受伤人数", min_value=0, initial=0)
    description = forms.CharField(
        label="事件简要情况", widget=forms.Textarea,
        help_text="写事情本身：发生了什么、规模、现场态势。不记录个人身份信息。",
    )  # fmt: skip
    source = forms.ChoiceField(label="信息来源", choices=IncidentSource.choices[:3])
    source_note = forms.CharField(label="来源说明", max_length=200, required=False)
    is_exercise = forms.BooleanField(label="这是一次演练（不计入事件统计）", required=False)

    def __init__(self, *args: Any, types: list[PlanIncidentType], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["incident_type"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101
        field.queryset = PlanIncidentType.objects.filter(pk__in=[t.pk for t in types])
        field.label_from_instance = _type_label  # type: ignore[method-assign,assignment]


def _type_label(t: PlanIncidentType) -> str:
    return f"{t.name}（{t.version.plan.name}）"


class VersionForm(Styled, forms.ModelForm):
    effective_on = LenientDateField(label="施行日期", required=False)
    review_on = LenientDateField(label="评估修订日期", required=False)

    class Meta:
        model = PlanVersion
        fields = [
            "title", "issuing_organ", "doc_number", "purpose", "scope_text", "principles",
            "command_name", "office_name", "office_duties", "aftercare", "drills_per_year",
            "review_days", "effective_on", "review_on", "change_note",
        ]  # fmt: skip


class PlanNewForm(VersionForm):
    area_unit = forms.ModelChoiceField(label="适用区域（单位）", queryset=Unit.objects.none())

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["area_unit"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101
        units = Unit.objects.filter(is_active=True).order_by("path")
        if not user.is_superuser and user.unit is not None:
            ancestors = [int(p) for p in user.unit.path.strip("/").split("/") if p]
            units = units.filter(pk__in=ancestors)
        field.queryset = units
        field.widget.attrs["class"] = "form-select"


class GroupForm(Styled, forms.ModelForm):
    class Meta:
        model = PlanGroup
        fields = ["kind", "name", "duties", "ack_minutes", "arrive_minutes", "order"]


class MemberForm(Styled, forms.ModelForm):
    class Meta:
        model = PlanMember
        fields = ["group", "user", "position", "duty", "order"]

    def __init__(self, *args: Any, version: PlanVersion, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = version.groups.all()  # type: ignore[attr-defined]
        people = people_of(version.plan.unit)
        self.fields["user"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            pk__in=[u.pk for u in people]
        )
        self.fields["user"].label_from_instance = lambda u: f"{u}（{u.unit}）"  # type: ignore[attr-defined]


class TypeForm(Styled, forms.ModelForm):
    class Meta:
        model = PlanIncidentType
        fields = ["name", "description", "order"]


class CriterionForm(Styled, forms.ModelForm):
    class Meta:
        model = GradeCriterion
        fields = ["incident_type", "grade", "people_min", "deaths_min", "injured_min", "text"]

    def __init__(self, *args: Any, version: PlanVersion, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["incident_type"].queryset = version.types.all()  # type: ignore[attr-defined]


class StepForm(Styled, forms.ModelForm):
    class Meta:
        model = PlanStep
        fields = ["incident_type", "order", "action", "group", "minutes", "lowest_grade"]

    def __init__(self, *args: Any, version: PlanVersion, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["incident_type"].queryset = version.types.all()  # type: ignore[attr-defined]
        self.fields["group"].queryset = version.groups.all()  # type: ignore[attr-defined]


class ReportRuleForm(Styled, forms.ModelForm):
    class Meta:
        model = PlanReportRule
        fields = ["kind", "minutes", "recipient", "note"]


class ResourceForm(Styled, forms.ModelForm):
    class Meta:
        model = PlanResource
        fields = ["name", "quantity", "location", "keeper"]


# section → (form, model, label); forms with `version` take it as a keyword
SECTIONS: dict[str, tuple[type[forms.ModelForm], str]] = {
    "group": (GroupForm, "指挥机构和工作组"),
    "member": (MemberForm, "成员"),
    "type": (TypeForm, "事件类型"),
    "criterion": (CriterionForm, "分级标准"),
    "step": (StepForm, "处置步骤"),
    "report": (ReportRuleForm, "信息报告时限"),
    "resource": (ResourceForm, "物资装备"),
}
NEEDS_VERSION = {"member", "criterion", "step"}
DIRECT = {"group", "type", "report", "resource"}  # rows with a `version` field


def section_form(section: str, version: PlanVersion, data: Any = None) -> forms.ModelForm:
    form_class, _ = SECTIONS[section]
    prefix = section
    if section in NEEDS_VERSION:
        return form_class(data, version=version, prefix=prefix)  # type: ignore[call-arg]
    return form_class(data, prefix=prefix)


class HazardForm(Styled, forms.Form):
    """The hazard of the failed checklist items (each gets one; the item is the checklist's)."""

    description = forms.CharField(label="隐患情况", widget=forms.Textarea)
    level = forms.ChoiceField(label="隐患等级", choices=HazardLevel.choices)
    deadline = LenientDateField(label="整改期限")
    responsible = forms.ModelChoiceField(label="整改责任人", queryset=User.objects.none())
    measures = forms.CharField(label="整改措施", widget=forms.Textarea, required=False)
    funds = forms.CharField(label="整改资金", max_length=100, required=False)
    contingency = forms.CharField(label="应急预案（防范措施）", widget=forms.Textarea,
                                  required=False)  # fmt: skip
    supervisor_unit = forms.ModelChoiceField(
        label="挂牌督办单位（重大隐患）", queryset=Unit.objects.none(), required=False
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = people_of(user.unit)
        self.fields["responsible"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            pk__in=[u.pk for u in people]
        )
        if user.unit is not None:
            ancestors = [int(p) for p in user.unit.path.strip("/").split("/") if p]
            self.fields["supervisor_unit"].queryset = Unit.objects.filter(  # type: ignore[attr-defined]
                pk__in=ancestors
            )


class InspectionPlanForm(Styled, forms.Form):
    place = forms.ModelChoiceField(label="重点场所", queryset=KeyPlace.objects.none())
    name = forms.CharField(label="排查内容", max_length=100)
    checklist = forms.CharField(label="检查项目（每行一项）", widget=forms.Textarea)
    frequency = forms.ChoiceField(label="排查周期", choices=Frequency.choices)
    starts_on = LenientDateField(label="开始日期")
    inspector = forms.ModelChoiceField(label="排查责任人", queryset=User.objects.none())
    rectify_days = forms.IntegerField(label="一般隐患整改期限（日）", min_value=1,
                                      max_value=365, initial=15)  # fmt: skip

    def __init__(self, *args: Any, places: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = places  # type: ignore[attr-defined]
        self.fields["inspector"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            is_active=True, unit__path__startswith=user.unit.path if user.unit else "-"
        ).order_by("full_name")
        self.fields["starts_on"].initial = timezone.localdate()


class DrillForm(Styled, forms.Form):
    plan: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label="演练预案", queryset=Plan.objects.none()
    )
    kind = forms.ChoiceField(label="演练形式", choices=DrillKind.choices)
    planned_on = LenientDateField(label="计划日期")
    scenario = forms.CharField(label="演练情景", widget=forms.Textarea)
    held_on = LenientDateField(label="实施日期（已实施时填）", required=False)
    participants = forms.IntegerField(label="参演人数", min_value=0, required=False)
    evaluation = forms.CharField(label="演练评估", widget=forms.Textarea, required=False)
    action_text = forms.CharField(label="发现问题的改进措施", max_length=200, required=False)
    action_owner = forms.ModelChoiceField(
        label="责任人", queryset=User.objects.none(), required=False
    )
    action_due = LenientDateField(label="完成期限", required=False)

    def __init__(self, *args: Any, plans: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans  # type: ignore[attr-defined]
        self.fields["action_owner"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            pk__in=[u.pk for u in people_of(user.unit)]
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        text, owner, due = data.get("action_text"), data.get("action_owner"), data.get("action_due")
        self.actions: tuple[tuple[str, User, Any], ...] = ()
        if text:
            if owner is None or due is None:
                self.add_error("action_text", "改进措施须有责任人和完成期限。")
            else:
                self.actions = ((text, owner, due),)
        return data


def local_now_text() -> str:
    return timezone.localtime().strftime(LOCAL_DT)
