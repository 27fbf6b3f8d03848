"""Request bodies and query strings: shape and types only.

What a value means (is the reason filled in, is the ID number valid, may this user act) is the
services' business: text fields that a service checks are optional here, so a blank one reaches
the service and is refused there with its own stable code (`reason_required`, ...).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rest_framework import serializers

from huajie.common.errors import ApplicationError
from huajie.orgs.models import Region, Unit, User

from ..models import (
    Category,
    Channel,
    Decision,
    PetitionClass,
    ProperChannel,
    ReturnVisit,
    Satisfaction,
)
from ..selectors import SORTS, LedgerFilters
from ..services import PetitionerInput, RegistrationInput
from ..states import Status

DATE_FORMATS = ["%Y-%m-%d", "%Y/%m/%d"]
VERSION_REQUIRED = (
    "请提供 version（您看到的事项版本号），以免覆盖他人刚刚做出的修改。"
    "可先获取事项详情，再用其中的 version 提交。"
)
CLOCK_STATES = [
    ("overdue", "已超期"),
    ("due_soon", "即将到期"),
    ("on_time", "正常"),
    ("closed_on_time", "按期办结"),
    ("closed_late", "超期办结"),
]


def date_field(label: str, **kwargs: Any) -> serializers.DateField:
    return serializers.DateField(
        input_formats=DATE_FORMATS,
        error_messages={
            "invalid": f"{label}格式不正确，请写成 2026-01-05 或 2026/1/5。",
            "required": f"请填写{label}。",
        },
        help_text=f"{label}，格式 2026-01-05 或 2026/1/5",
        **kwargs,
    )


def optional_date(label: str) -> serializers.DateField:
    return date_field(label, required=False, allow_null=True, default=None)


def text(label: str, max_length: int | None = None) -> serializers.CharField:
    return serializers.CharField(
        required=False, allow_blank=True, default="", max_length=max_length, help_text=label
    )


def choice(label: str, choices: Any) -> serializers.ChoiceField:
    return serializers.ChoiceField(
        choices=choices,
        required=False,
        allow_blank=True,
        default="",
        help_text=label,
        error_messages={"invalid_choice": f"{label}的取值“{{input}}”无效，请从可选值中选择。"},
    )


def unit_field(label: str) -> serializers.PrimaryKeyRelatedField[Unit]:
    """Any active unit: a transfer or assignment target may lie outside the user's subtree."""
    return serializers.PrimaryKeyRelatedField(
        queryset=Unit.objects.filter(is_active=True),
        help_text=f"{label}（单位编号）",
        error_messages={
            "required": f"请选择{label}。",
            "null": f"请选择{label}。",
            "does_not_exist": f"编号为 {{pk_value}} 的单位不存在或已停用，请重新选择{label}。",
            "incorrect_type": f"{label}应填写单位编号（整数）。",
        },
    )


def user_field(label: str) -> serializers.PrimaryKeyRelatedField[User]:
    return serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True),
        help_text=f"{label}（用户编号）",
        error_messages={
            "required": f"请选择{label}。",
            "null": f"请选择{label}。",
            "does_not_exist": f"编号为 {{pk_value}} 的用户不存在或已停用，请重新选择{label}。",
            "incorrect_type": f"{label}应填写用户编号（整数）。",
        },
    )


# ---- actions ------------------------------------------------------------------------------------


class ActionInput(serializers.Serializer[Any]):
    """Every write names the version it was based on (optimistic concurrency)."""

    version = serializers.IntegerField(
        source="expected_version",
        min_value=1,
        help_text="事项的版本号（取自详情的 version）；他人已先修改时返回 409 stale_version",
        error_messages={"required": VERSION_REQUIRED, "invalid": "version 应为整数。"},
    )


class DatedActionInput(ActionInput):
    on = optional_date("办理日期（默认今天，不能晚于今天）")


class NotAcceptInput(DatedActionInput):
    reason = text("不予受理的理由")
    proper_channel = choice("应告知信访人的途径", ProperChannel.choices)


class TransferInput(DatedActionInput):
    to_unit = unit_field("转送单位")
    note = text("转送说明")


class ReturnInput(DatedActionInput):
    reason = text("退回理由")


class AssignInput(DatedActionInput):
    handling_unit = unit_field("承办单位")
    responsible_leader = user_field("包案领导")
    handler = user_field("承办人")
    note = text("交办意见")


class ReplyInput(DatedActionInput):
    request = text("信访人的请求")
    facts = text("查明的事实")
    reasons = text("处理理由")
    decision = choice("处理意见", Decision.choices)
    legal_basis = text("法律、法规或政策依据")


class EvaluateInput(DatedActionInput):
    satisfaction = choice("信访人的评价", Satisfaction.choices)
    note = text("评价说明")


class ReviewRequestInput(DatedActionInput):
    reason = text("申请理由")
    reviewing_unit = unit_field("复查（复核）机关")


class ReviewAnswerInput(DatedActionInput):
    decision = choice("复查（复核）意见", Decision.choices)
    opinion = text("复查（复核）意见书内容")


class ExtendInput(DatedActionInput):
    days = serializers.IntegerField(
        help_text="延长天数（只能延期一次，最多30日）",
        error_messages={"required": "请填写延长天数。", "invalid": "延长天数应为整数。"},
    )
    reason = text("延期理由（将告知信访人）")


class TextInput(ActionInput):
    text = text("内容")


class SuperviseInput(ActionInput):
    note = text("催办（督办）意见")
    respond_by = optional_date("反馈期限")


class ReturnVisitInput(DatedActionInput):
    method = choice("回访方式", ReturnVisit._meta.get_field("method").choices)
    note = text("回访情况")
    satisfaction = choice("回访评价", Satisfaction.choices)


class AttachmentInput(ActionInput):
    file = serializers.FileField(
        allow_empty_file=True,  # an empty file is refused by the upload check, with its code
        help_text="图片、PDF、音频或 Word/Excel 文件",
        error_messages={"required": "请选择要上传的文件。", "invalid": "请以文件形式上传。"},
    )


def parse_write(serializer_class: type[ActionInput], data: Any) -> dict[str, Any]:
    """Validated data for a write; a missing version is its own refusal, `version_required`."""
    if isinstance(data, Mapping) and data.get("version") in (None, ""):
        raise ApplicationError(VERSION_REQUIRED, code="version_required", field="version")
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


# ---- intake -------------------------------------------------------------------------------------


class PetitionerIn(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=50, allow_blank=True, help_text="姓名")
    id_number = text("身份证号码", max_length=40)
    phone = text("联系电话", max_length=40)
    address = text("住址", max_length=200)
    is_representative = serializers.BooleanField(default=False, help_text="是否为推选的代表")


class RegistrationIn(serializers.Serializer[Any]):
    channel = serializers.ChoiceField(choices=Channel.choices, help_text="信访形式")
    petition_class = serializers.ChoiceField(choices=PetitionClass.choices, help_text="信访类别")
    title = serializers.CharField(max_length=100, allow_blank=True, help_text="事项摘要")
    content = serializers.CharField(allow_blank=True, help_text="信访内容")
    received_on = date_field("收到日期")
    is_group = serializers.BooleanField(default=False, help_text="是否集体访")
    headcount = serializers.IntegerField(default=1, max_value=100_000, help_text="人数")
    category = serializers.PrimaryKeyRelatedField(
        queryset=Category.objects.filter(is_active=True),
        required=False,
        allow_null=True,
        default=None,
        help_text="问题分类编号（见 /api/v1/petitions/categories/）",
        error_messages={
            "does_not_exist": "编号为 {pk_value} 的问题分类不存在或已停用，请重新选择。",
            "incorrect_type": "问题分类应填写分类编号（整数）。",
        },
    )
    region = serializers.PrimaryKeyRelatedField(
        queryset=Region.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="问题属地的12位区划代码",
        error_messages={
            "does_not_exist": "区划代码 {pk_value} 不存在，请填写12位统计用区划代码。",
            "incorrect_type": "问题属地应填写12位区划代码。",
        },
    )
    place = text("详细地点", max_length=200)
    higher_ref_no = text("交办文号", max_length=60)
    higher_ref_date = optional_date("交办日期")
    higher_source = text("交办机关", max_length=100)
    petitioners = PetitionerIn(many=True, help_text="信访人；集体访须勾选1–5名代表")

    def registration(self) -> RegistrationInput:
        data = dict(self.validated_data)
        people = [PetitionerInput(**person) for person in data.pop("petitioners")]
        return RegistrationInput(petitioners=people, **data)


# ---- ledger query -------------------------------------------------------------------------------


class LedgerQuery(serializers.Serializer[Any]):
    status = choice("状态", Status.choices)
    unit = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="登记或承办单位编号"
    )
    petition_class = choice("信访类别", PetitionClass.choices)
    category = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="问题分类编号（含下级分类）"
    )
    region = text("区划代码（含下级区划）", max_length=12)
    channel = choice("信访形式", Channel.choices)
    clock = choice("时限状态", CLOCK_STATES)
    date_from = optional_date("收到日期起")
    date_to = optional_date("收到日期止")
    q = text("关键词（登记编号、摘要、内容）", max_length=100)
    sort = serializers.ChoiceField(choices=list(SORTS), default="-received_on", help_text="排序")

    def filters(self) -> LedgerFilters:
        return LedgerFilters(**self.validated_data)
