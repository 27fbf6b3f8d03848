"""API conventions: errors are JSON with a Chinese message and a stable machine code."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .errors import ApplicationError

_DRF_MESSAGES = {
    "not_authenticated": "请先登录，或在请求头中提供有效的令牌。",
    "authentication_failed": "身份验证失败，请重新登录。",
    "permission_denied": "您无权执行此操作。",
    "not_found": "未找到该记录，或您无权查看。请检查编号后重试。",
    "method_not_allowed": "不支持该请求方法。",
    "throttled": "请求过于频繁，请稍后再试。",
    "parse_error": "请求内容格式不正确，请检查 JSON 后重试。",
    "unsupported_media_type": "不支持的请求内容类型，请使用 application/json。",
}


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
