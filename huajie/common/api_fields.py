"""Serializer fields every module's API uses, with Chinese messages.

Text and choice fields that a service checks are optional here, so a blank value reaches the
service and is refused there with its own stable code (`reason_required`, ...).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from rest_framework import serializers

from huajie.orgs.models import Unit, User

DATE_FORMATS = ["%Y-%m-%d", "%Y/%m/%d"]
# Every date and key the API accepts is bounded (no date arithmetic or database integer past
# its range: a request outside them is a 400 with a sentence, never a 500).
EARLIEST_DATE = date(2000, 1, 1)
LATEST_DATE = date(2099, 12, 31)
MAX_ID = 2**63 - 1


def date_in_range(label: str) -> Callable[[date], None]:
    def check(value: date) -> None:
        if value is not None and not EARLIEST_DATE <= value <= LATEST_DATE:
            raise serializers.ValidationError(
                f"{label}应在 2000-01-01 至 2099-12-31 之间，请核对。", code="date_out_of_range"
            )

    return check


def date_field(label: str, **kwargs: Any) -> serializers.DateField:
    return serializers.DateField(
        input_formats=DATE_FORMATS,
        error_messages={
            "invalid": f"{label}格式不正确，请写成 2026-01-05 或 2026/1/5。",
            "required": f"请填写{label}。",
        },
        help_text=f"{label}，格式 2026-01-05 或 2026/1/5",
        validators=[date_in_range(label), *kwargs.pop("validators", [])],
        **kwargs,
    )


def id_field(label: str, **kwargs: Any) -> serializers.IntegerField:
    """A record's key: a positive integer within the database's range."""
    return serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        help_text=label,
        error_messages={
            "required": f"请填写{label}。",
            "null": f"请填写{label}。",
            "invalid": f"{label}应为正整数。",
            "min_value": f"{label}应为正整数。",
            "max_value": f"{label}超出范围，请核对。",
            "max_string_length": f"{label}超出范围，请核对。",
        },
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
