"""The forms of the case page's actions; each carries the version the user saw."""

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

from ..models import Decision, ProperChannel, Satisfaction
from .fields import VISIT_METHODS


class ActionForm(forms.Form):
    """Every action carries the version the user saw (optimistic concurrency)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, units: list[Unit] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("to_unit", "reviewing_unit", "handling_unit"):
            if name in self.fields:
                choice_field(self, name).choices = [("", "请选择单位"), *unit_choices(units or [])]
        self._units = {str(u.pk): u for u in units or []}

    def unit(self, name: str) -> Unit:
        return self._units[self.cleaned_data[name]]


class AcceptForm(ActionForm):
    on = LenientDateField(
        label="受理日期",
        initial=timezone.localdate,
        error_messages={"required": "请填写受理日期。"},
    )


class NotAcceptForm(ActionForm):
    reason = text_field("不予受理理由", rows=3, required=True, message="请填写不予受理的理由。")
    proper_channel = select_field("告知途径", ProperChannel.choices, required=True)


class TransferForm(ActionForm):
    to_unit = select_field("转送单位", [], required=True)
    note = text_field("转送说明", rows=2)


class ReturnForm(ActionForm):
    reason = text_field(
        "退回理由", rows=3, required=True, message="请填写退回理由（为何不属于本单位职权范围）。"
    )


class AssignForm(ActionForm):
    handling_unit = select_field("承办单位", [], required=True)
    responsible_leader = select_field("包案领导", [], required=True)
    handler = select_field("承办人", [], required=True)
    note = text_field("交办意见", rows=2)

    def __init__(
        self,
        *args: Any,
        leaders: list[User] | None = None,
        handlers: list[User] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.set_people(leaders or [], handlers or [])

    def set_people(self, leaders: list[User], handlers: list[User]) -> None:
        self._people = {str(u.pk): u for u in [*leaders, *handlers]}
        choice_field(self, "responsible_leader").choices = [
            ("", "请选择包案领导"),
            *people_choices(leaders),
        ]
        choice_field(self, "handler").choices = [("", "请选择承办人"), *people_choices(handlers)]

    def person(self, name: str) -> User:
        return self._people[self.cleaned_data[name]]


class EmptyForm(ActionForm):
    pass


class ReplyForm(ActionForm):
    request = text_field("信访人请求", rows=2, required=True, message="请填写信访人的请求。")
    facts = text_field("查明事实", rows=3, required=True, message="请填写查明的事实。")
    reasons = text_field("处理理由", rows=3, required=True)
    decision = radio_field(
        "处理意见", Decision.choices, message="请选择处理意见：支持、解释说明或不予支持。"
    )
    legal_basis = text_field(
        "法律、法规或政策依据", rows=2, required=True, message="请填写法律、法规或政策依据。"
    )


class EvaluateForm(ActionForm):
    satisfaction = radio_field(
        "信访人评价", Satisfaction.choices, message="请选择信访人的评价：满意、基本满意或不满意。"
    )
    note = text_field("评价说明", rows=2)


class ReviewRequestForm(ActionForm):
    reason = text_field("申请理由", rows=3, required=True, message="请填写信访人申请的理由。")
    reviewing_unit = select_field("复查（复核）机关", [], required=True)


class ReviewAnswerForm(ActionForm):
    decision = radio_field(
        "意见", Decision.choices, message="请选择意见：支持、解释说明或不予支持。"
    )
    opinion = text_field("复查（复核）意见", rows=3, required=True)


class ExtendForm(ActionForm):
    days = forms.IntegerField(
        label="延长天数",
        min_value=1,
        max_value=30,
        initial=30,
        widget=forms.NumberInput(attrs={"class": "form-control", "inputmode": "numeric"}),
        error_messages={
            "required": "请填写延长天数。",
            "min_value": "延长天数应为 1–30 日。",
            "max_value": "延长天数最多30日（《信访工作条例》第三十四条）。",
            "invalid": "延长天数请填写数字。",
        },
    )
    reason = text_field(
        "延期理由（将告知信访人）",
        rows=2,
        required=True,
        message="请填写延期理由（将告知信访人）。",
    )


class NoteForm(ActionForm):
    text = text_field("内容", rows=3, required=True)


class SuperviseForm(ActionForm):
    note = text_field("意见", rows=2, required=True, message="请填写催办（督办）意见。")
    respond_by = LenientDateField(label="反馈期限", required=False)


class ReturnVisitForm(ActionForm):
    method = radio_field("回访方式", VISIT_METHODS, message="请选择回访方式：电话、上门或网上。")
    satisfaction = radio_field("回访评价", Satisfaction.choices, required=False)
    note = text_field("回访情况", rows=2, required=True)


class AttachmentForm(ActionForm):
    file = forms.FileField(
        label="材料文件",
        widget=forms.ClearableFileInput(attrs={"class": "form-control"}),
        error_messages={"required": "请选择要上传的文件。", "empty": "文件是空的，请重新选择。"},
    )
