"""The registration form (信访事项登记表) and its petitioner rows."""

from __future__ import annotations

from typing import Any

from django import forms

from huajie.common.errors import ApplicationError
from huajie.common.forms import (
    LenientDateField,
    choice_field,
    radio_field,
    select_field,
    text_field,
    unit_choices,
)
from huajie.common.identity import normalize_id_number, normalize_phone
from huajie.orgs.models import Region, Unit

from ..models import Category, Channel, PetitionClass
from ..services import PetitionerInput, RegistrationInput, petitioner_known
from .fields import category_choices, region_choices

# Fields that other apps' fragments add to the form (the routing unit accepted, …) are named
# `x_…`; they reach those apps' registration extensions (`petitions.extensions`) as posted.
EXTRA_PREFIX = "x_"
EXTRA_MAX = 100


class PetitionerForm(forms.Form):
    name = text_field("姓名", max_length=50, autocomplete="off")
    id_number = text_field("身份证号", max_length=30, autocomplete="off", spellcheck="false")
    phone = text_field("手机号", max_length=30, autocomplete="off", inputmode="tel")
    address = text_field("住址", max_length=200, autocomplete="off")
    is_representative = forms.BooleanField(
        label="代表",
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    # Shown only when the ID number is on record under another name (`known_name`).
    rename_confirmed = forms.BooleanField(
        label="确认更名",
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    known_name = ""  # the name on record for this row's ID number, when it differs

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        filled = any(data.get(k) for k in ("id_number", "phone", "address", "is_representative"))
        if filled and not data.get("name"):
            self.add_error("name", "请填写该信访人的姓名，或删除这一行。")
        for field, check in (("id_number", normalize_id_number), ("phone", normalize_phone)):
            if data.get(field):
                try:
                    data[field] = check(data[field])
                except ApplicationError as exc:
                    self.add_error(field, exc.message)
        self._ask_about_a_new_name(data)
        return data

    def _ask_about_a_new_name(self, data: dict[str, Any]) -> None:
        """The same ID number under another name never renames the person silently: the row
        shows the name on record and asks the clerk to confirm the change or correct it."""
        name, number = (data.get("name") or "").strip(), data.get("id_number")
        if not (name and number) or self.has_error("id_number"):
            return
        person = petitioner_known(number)
        if person is None or person.name == name:
            return
        self.known_name = person.name
        if not data.get("rename_confirmed"):
            self.add_error(
                "name",
                f"该身份证号已登记为“{person.name}”，请改正或勾选下方“确认更名”。",
            )

    def as_input(self) -> PetitionerInput | None:
        data = self.cleaned_data
        if not data.get("name"):
            return None
        return PetitionerInput(
            name=data["name"],
            id_number=data.get("id_number", ""),
            phone=data.get("phone", ""),
            address=data.get("address", ""),
            is_representative=bool(data.get("is_representative")),
            rename_confirmed=bool(data.get("rename_confirmed")),
        )


PetitionerFormSet = forms.formset_factory(
    PetitionerForm, extra=0, min_num=1, max_num=200, validate_max=True
)


class RegistrationForm(forms.Form):
    """The paper registration form (信访事项登记表), field by field in the same order."""

    received_on = LenientDateField(
        label="收到日期", error_messages={"required": "请填写收到日期。"}
    )
    channel = radio_field("信访形式", Channel.choices)
    petition_class = radio_field("信访类别", PetitionClass.choices)
    accused_unit = select_field("被反映单位", [], blank="（不涉及具体单位）")
    anonymous = forms.BooleanField(
        label="匿名",
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    is_group = forms.BooleanField(
        label="集体访",
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    headcount = forms.IntegerField(
        label="人数",
        required=False,
        min_value=1,
        max_value=100000,
        widget=forms.NumberInput(attrs={"class": "form-control", "inputmode": "numeric"}),
        error_messages={"min_value": "人数应至少为1。", "invalid": "人数请填写数字。"},
    )
    title = text_field(
        "事项摘要",
        required=True,
        max_length=100,
        placeholder="一句话概括诉求，如：小区外墙脱落无人维修",
    )
    content = text_field("信访内容", required=True, rows=5)
    category = select_field("问题分类", [], blank="（未分类）")
    region = select_field("问题属地", [], blank="（未选择）")
    place = text_field("详细地点", max_length=200)
    higher_ref_no = text_field("交办文号", max_length=60)
    higher_ref_date = LenientDateField(label="交办日期", required=False)
    higher_source = text_field("交办机关", max_length=100)

    def __init__(
        self, *args: Any, categories: list[Category], regions: list[Region], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:  # the cursor starts in the first field of the paper form
            self.fields["received_on"].widget.attrs["autofocus"] = True
        self._categories = {str(c.pk): c for c in categories}
        self._regions = {r.code: r for r in regions}
        choice_field(self, "category").choices = [("", "（未分类）"), *category_choices(categories)]
        self.fields["category"].widget.attrs["data-hj-searchable"] = "输入关键字筛选分类，如 工资"
        choice_field(self, "region").choices = [("", "（未选择）"), *region_choices(regions)]
        units = list(Unit.objects.filter(is_active=True).order_by("path"))
        self._units = {str(u.pk): u for u in units}
        accused = choice_field(self, "accused_unit")
        accused.choices = [("", "（不涉及具体单位）"), *unit_choices(units)]
        accused.help_text = "检举控告类填写被检举人或被控告机构所在单位；事项不会交由该单位办理"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("petition_class") != PetitionClass.ACCUSATION:
            data["accused_unit"] = ""  # asked for 检举控告类 only
        if data.get("channel") == Channel.HIGHER:
            if not data.get("higher_ref_no"):
                self.add_error("higher_ref_no", "上级交办的事项须填写交办文号。")
            if not data.get("higher_ref_date") and "higher_ref_date" not in self.errors:
                self.add_error("higher_ref_date", "上级交办的事项须填写交办日期。")
        return data

    def as_input(self, petitioners: list[PetitionerInput]) -> RegistrationInput:
        d = self.cleaned_data
        higher = d["channel"] == Channel.HIGHER
        anonymous = bool(d.get("anonymous"))
        return RegistrationInput(
            channel=d["channel"],
            petition_class=d["petition_class"],
            title=d["title"],
            content=d["content"],
            received_on=d["received_on"],
            # The rows are hidden once 匿名 is ticked: what was typed in them is not registered.
            petitioners=[] if anonymous else petitioners,
            anonymous=anonymous,
            is_group=d["is_group"],
            headcount=d["headcount"] or max(1, len(petitioners)),
            category=self._categories.get(d["category"]),
            region=self._regions.get(d["region"]),
            place=d["place"],
            accused_unit=self._units.get(d.get("accused_unit") or ""),
            higher_ref_no=d["higher_ref_no"] if higher else "",
            higher_ref_date=d["higher_ref_date"] if higher else None,
            higher_source=d["higher_source"] if higher else "",
            extras={
                k: str(v)[:EXTRA_MAX] for k, v in self.data.items() if k.startswith(EXTRA_PREFIX)
            },
        )
