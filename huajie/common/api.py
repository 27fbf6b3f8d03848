"""API conventions: errors are JSON with a Chinese message and a stable machine code.

A refusal names each field concerned by its path in the request body (`petitioners[1].id_number`)
in `fields` (its sentences) and `codes` (one stable code per field, e.g. `invalid_id_number`,
`required`). DRF's stock field messages are replaced by sentences that name the field.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from drf_spectacular.utils import inline_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .errors import ApplicationError

_DRF_MESSAGES = {
    "not_authenticated": "请先登录，或在请求头中提供有效的令牌。",
    "authentication_failed": "身份验证失败，请重新登录或重新获取令牌（POST /api/v1/auth/token/）。",
    "permission_denied": "您无权执行此操作。",
    "not_found": "未找到该记录，或您无权查看。请检查编号后重试。",
    "method_not_allowed": "不支持该请求方法。",
    "throttled": "请求过于频繁，请稍后再试。",
    "parse_error": "请求内容格式不正确，请检查 JSON 后重试。",
    "unsupported_media_type": "不支持的请求内容类型，请使用 application/json。",
}


# The schema of every refusal: a stable machine code, a Chinese sentence, and the fields concerned.
ERROR = inline_serializer(
    name="Error",
    fields={
        "code": serializers.CharField(help_text="稳定的错误代码，例如 stale_version、not_found"),
        "message": serializers.CharField(help_text="中文说明：出了什么问题、下一步怎么做"),
        "fields": serializers.DictField(
            child=serializers.ListField(child=serializers.CharField()),
            required=False,
            help_text="按字段列出的错误，键为字段在请求中的路径，如 petitioners[1].id_number",
        ),
        "codes": serializers.DictField(
            child=serializers.CharField(),
            required=False,
            help_text="每个字段一个稳定的错误代码，如 "
            '{"petitioners[1].id_number": "invalid_id_number"}',
        ),
    },
)

# DRF's stock messages for these codes say nothing of the field: replaced by sentences naming it.
_FIELD_SENTENCES = {
    "required": "请填写 {field}（必填）。",
    "null": "{field} 不能为空，请填写。",
    "blank": "{field} 不能为空，请填写。",
    "invalid_choice": "{field} 的取值不在可选范围内，请按接口文档中的选项填写。",
    "not_a_list": "{field} 应为列表（数组）。",
    "not_a_dict": "{field} 应为对象。",
    "empty": "{field} 不能为空列表。",
    "invalid": "{field} 的格式不正确，请按接口文档填写。",
    "incorrect_type": "{field} 的类型不正确，请按接口文档填写。",
    "does_not_exist": "{field} 所指的记录不存在，请核对编号。",
    "max_length": "{field} 太长：{stock}",
    "min_length": "{field} 太短：{stock}",
    "max_value": "{field} 超出范围：{stock}",
    "min_value": "{field} 超出范围：{stock}",
    "max_string_length": "{field} 超出范围，请核对。",
    "date": "{field} 应为日期（2026-01-05），不是日期时间。",
    "datetime": "{field} 应为日期时间。",
}


@cache
def _stock_patterns() -> list[re.Pattern[str]]:
    """DRF's own field messages (in the active language when first asked), as patterns."""
    patterns = []
    for cls in (
        serializers.Field,
        serializers.CharField,
        serializers.IntegerField,
        serializers.FloatField,
        serializers.DecimalField,
        serializers.BooleanField,
        serializers.ChoiceField,
        serializers.MultipleChoiceField,
        serializers.DateField,
        serializers.DateTimeField,
        serializers.ListField,
        serializers.DictField,
        serializers.FileField,
        serializers.PrimaryKeyRelatedField,
        serializers.Serializer,
        serializers.ListSerializer,
    ):
        for template in getattr(cls, "default_error_messages", {}).values():
            text = re.escape(str(template))
            patterns.append(re.compile("^" + re.sub(r"\\{\w+\\}", ".*", text) + "$"))
    return patterns


def _is_stock(message: str) -> bool:
    return any(p.match(message) for p in _stock_patterns())


def _path(prefix: str, key: Any) -> str:
    if isinstance(key, int) or (isinstance(key, str) and key.isdigit()):
        return f"{prefix}[{key}]"
    if key == "non_field_errors":
        return prefix or "non_field_errors"
    return f"{prefix}.{key}" if prefix else str(key)


def flatten_errors(
    detail: Any, codes: Any, prefix: str = ""
) -> tuple[dict[str, list[str]], dict[str, str]]:
    """DRF's nested error detail as {"petitioners[1].name": [sentence, …]} and one code each."""
    fields: dict[str, list[str]] = {}
    first: dict[str, str] = {}
    if isinstance(detail, dict):
        items = [
            (k, v, codes.get(k) if isinstance(codes, dict) else None) for k, v in detail.items()
        ]
    elif isinstance(detail, list) and any(isinstance(v, dict | list) for v in detail):
        items = [(i, v, codes[i] if isinstance(codes, list) and i < len(codes) else None)
                 for i, v in enumerate(detail) if v]  # fmt: skip
    else:
        messages = detail if isinstance(detail, list) else [detail]
        code_list = codes if isinstance(codes, list) else [codes] * len(messages)
        name = prefix or "non_field_errors"
        out = []
        for message, code in zip(messages, code_list, strict=False):
            text, code = str(message), str(code or "invalid")
            if code in _FIELD_SENTENCES and _is_stock(text):
                text = _FIELD_SENTENCES[code].format(field=name, stock=text)
            out.append(text)
            first.setdefault(name, code)
        fields[name] = out
        return fields, first
    for key, value, code in items:
        sub_fields, sub_codes = flatten_errors(value, code, _path(prefix, key))
        fields.update(sub_fields)
        for name, c in sub_codes.items():
            first.setdefault(name, c)
    return fields, first


def error_body(
    code: str,
    message: str,
    fields: dict[str, Any] | None = None,
    codes: dict[str, str] | None = None,
) -> dict[str, Any]:
    body: dict[str, Any] = {"code": code, "message": message}
    if fields:
        body["fields"] = fields
    if codes:
        body["codes"] = codes
    return body


def flat_fields(detail: Any) -> dict[str, list[str]]:
    """DRF's nested errors as the schema's `fields`: one list of sentences per field path, e.g.
    `parties[1].id_number` or `disputes[0]` (a list's items arrive keyed "0", "1" or as a list
    with one entry per item)."""
    return flatten_errors(detail, None)[0]


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, ApplicationError):
        fields = {exc.field: [exc.message]} if exc.field else None
        codes = {exc.field: exc.code} if exc.field else None
        return Response(error_body(exc.code, exc.message, fields, codes), status=exc.status)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        fields, codes = flatten_errors(exc.detail, exc.get_codes())
        response.data = error_body(
            "validation_error", "提交的内容有误，请按提示修改后重试。", fields, codes
        )
        response.status_code = status.HTTP_400_BAD_REQUEST
        return response
    if isinstance(exc, exceptions.APIException):
        code = exc.default_code if isinstance(exc.default_code, str) else "error"
        response.data = error_body(code, _DRF_MESSAGES.get(code, str(exc.detail)))
    return response
