"""Request bodies and query strings: shape and types only.

What a value means (is the reason filled in, is the ID number valid, may this user act) is the
services' business: text fields that a service checks are optional here, so a blank value reaches
the service and is refused there with its own stable code (`reason_required`, ...). The bodies of
the case actions are generated from `petitions.actions` (`huajie.workflow.api`).
"""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from huajie.common.api_fields import choice, date_field, id_field, optional_date, text
from huajie.common.timeline import EventSource
from huajie.orgs.models import Region, Unit
from huajie.workflow.api import VersionedInput

from ..models import Category, Channel, PetitionClass
from ..selectors import SORTS, LedgerFilters
from ..services import PetitionerInput, RegistrationInput
from ..states import Status

CLOCK_STATES = [
    ("overdue", "已超期"),
    ("due_soon", "即将到期"),
    ("on_time", "正常"),
    ("closed_on_time", "按期办结"),
    ("closed_late", "超期办结"),
]


class AttachmentInput(VersionedInput):
    file = serializers.FileField(
        allow_empty_file=True,  # an empty file is refused by the upload check, with its code
        help_text="图片、PDF、音频或 Word/Excel 文件",
        error_messages={"required": "请选择要上传的文件。", "invalid": "请以文件形式上传。"},
    )


# ---- intake -------------------------------------------------------------------------------------


class PetitionerIn(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=50, allow_blank=True, help_text="姓名")
    id_number = text("身份证号码", max_length=40)
    phone = text("联系电话", max_length=40)
    address = text("住址", max_length=200)
    is_representative = serializers.BooleanField(default=False, help_text="是否为推选的代表")
    rename_confirmed = serializers.BooleanField(
        default=False,
        help_text="身份证号已登记为另一姓名时，确认为同一人已更名"
        "（否则返回 petitioner_name_differs）",
    )


class RegistrationIn(serializers.Serializer[Any]):
    channel = serializers.ChoiceField(choices=Channel.choices, help_text="信访形式")
    petition_class = serializers.ChoiceField(choices=PetitionClass.choices, help_text="信访类别")
    title = serializers.CharField(max_length=100, allow_blank=True, help_text="事项摘要")
    content = serializers.CharField(allow_blank=True, help_text="信访内容")
    received_on = date_field("收到日期")
    is_group = serializers.BooleanField(default=False, help_text="是否集体访")
    headcount = serializers.IntegerField(default=1, max_value=100_000, help_text="人数")
    accused_unit = serializers.PrimaryKeyRelatedField(
        queryset=Unit.objects.filter(is_active=True),
        required=False,
        allow_null=True,
        default=None,
        help_text="被反映单位编号（检举控告类；事项不会交由该单位及其下属单位办理）",
        error_messages={
            "does_not_exist": "编号为 {pk_value} 的单位不存在或已停用，请重新选择。",
            "incorrect_type": "被反映单位应填写单位编号（整数）。",
        },
    )
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
    anonymous = serializers.BooleanField(
        default=False,
        help_text="匿名来信或网上匿名举报：不登记信访人（petitioners 留空），不能送达书面告知",
    )
    petitioners = PetitionerIn(
        many=True, required=False, default=list, help_text="信访人；集体访须勾选1–5名代表"
    )

    def registration(self) -> RegistrationInput:
        data = dict(self.validated_data)
        people = [PetitionerInput(**person) for person in data.pop("petitioners")]
        return RegistrationInput(petitioners=people, **data)


class AssigneesQuery(serializers.Serializer[Any]):
    unit = id_field("承办单位编号（见 units/）")


# ---- ledger query -------------------------------------------------------------------------------


class LedgerQuery(serializers.Serializer[Any]):
    status = choice("状态", Status.choices)
    unit = id_field("登记或承办单位编号", required=False, allow_null=True, default=None)
    petition_class = choice("信访类别", PetitionClass.choices)
    category = id_field("问题分类编号（含下级分类）", required=False, allow_null=True, default=None)
    region = text("区划代码（含下级区划）", max_length=12)
    channel = choice("信访形式", Channel.choices)
    # A declared field (the metaclass moves it into `_declared_fields`), not Field.source.
    source = choice("登记来源（网页、接口、导入、网上信访……）", EventSource.choices)  # type: ignore[assignment]
    clock = choice("时限状态", CLOCK_STATES)
    date_from = optional_date("收到日期起")
    date_to = optional_date("收到日期止")
    q = text("关键词（登记编号、摘要、内容）", max_length=100)
    sort = serializers.ChoiceField(choices=list(SORTS), default="-received_on", help_text="排序")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        start, end = attrs.get("date_from"), attrs.get("date_to")
        if start and end and start > end:
            raise serializers.ValidationError(
                {"date_to": ["收到日期止不能早于收到日期起，请核对日期范围。"]},
                code="reversed_range",
            )
        return attrs

    def filters(self) -> LedgerFilters:
        return LedgerFilters(**self.validated_data)
