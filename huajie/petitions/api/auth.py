"""`POST /api/v1/auth/token/`: a token for API clients, behind the same lockout as the login page.

Failures are recorded by the accounts app's `user_login_failed` receiver (Django's `authenticate`
sends the signal), a success is recorded as a login so it clears the failure count, and a locked
username is refused before any password is checked.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from huajie.accounts.forms import invalid_login_message, lockout_message
from huajie.accounts.models import SecurityEventKind
from huajie.accounts.selectors import login_lockout_seconds
from huajie.accounts.services import security_event_record
from huajie.common.errors import ApplicationError, PermissionDenied

from .outputs import ERROR


class AccountLocked(PermissionDenied):
    code = "locked_out"


class TokenRequest(serializers.Serializer[Any]):
    username = serializers.CharField(max_length=150, help_text="用户名")
    password = serializers.CharField(
        max_length=128, trim_whitespace=False, help_text="密码", style={"input_type": "password"}
    )


class TokenResponse(serializers.Serializer[Any]):
    token = serializers.CharField(help_text="在请求头中使用：Authorization: Token <token>")


class TokenView(APIView):
    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]

    @extend_schema(
        tags=["认证"],
        summary="获取接口令牌",
        request=TokenRequest,
        auth=[],
        responses={
            200: TokenResponse,
            400: OpenApiResponse(ERROR, description="用户名或密码错误（invalid_login）"),
            403: OpenApiResponse(ERROR, description="登录失败次数过多，已锁定（locked_out）"),
        },
    )
    def post(self, request: Request) -> Response:
        body = TokenRequest(data=request.data)
        body.is_valid(raise_exception=True)
        username, password = body.validated_data["username"], body.validated_data["password"]
        http_request = request._request
        if remaining := login_lockout_seconds(username=username):
            security_event_record(
                kind=SecurityEventKind.LOCKED_OUT, request=http_request, username=username
            )
            raise AccountLocked(lockout_message(remaining))
        user = authenticate(http_request, username=username, password=password)
        if user is None:
            if remaining := login_lockout_seconds(username=username):
                raise AccountLocked(lockout_message(remaining))
            raise ApplicationError(invalid_login_message(), code="invalid_login")
        security_event_record(kind=SecurityEventKind.LOGIN, request=http_request, user=user)
        token, _ = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})
