"""API conventions: errors are JSON with a Chinese message and a stable machine code."""

from __future__ import annotations

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
            help_text="按字段列出的错误",
        ),
    },
)


def error_body(code: str, message: str, fields: dict[str, Any] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"code": code, "message": message}
    if fields:
        body["fields"] = fields
    return body


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, ApplicationError):
        fields = {exc.field: [exc.message]} if exc.field else None
        return Response(error_body(exc.code, exc.message, fields), status=exc.status)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = error_body(
            "validation_error", "提交的内容有误，请按提示修改后重试。", response.data
        )
        response.status_code = status.HTTP_400_BAD_REQUEST
        return response
    if isinstance(exc, exceptions.APIException):
        code = exc.default_code if isinstance(exc.default_code, str) else "error"
        response.data = error_body(code, _DRF_MESSAGES.get(code, str(exc.detail)))
    return response
