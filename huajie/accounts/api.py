"""`/api/v1/auth/token/`: obtain an API token (POST, behind the same lockout as the login page)
and revoke the token a call is made with (DELETE).

Failures are recorded by the `user_login_failed` receiver (Django's `authenticate` sends the
signal); a success is recorded as a login, which clears the failure count, and the issue as
`token_issued`. A locked username is refused before any password is checked. An account with
two-step verification sends its code in `otp` (a wrong one counts like a wrong password).
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib.auth import authenticate
from django.http import HttpRequest
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny, BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from huajie.common.api import ERROR
from huajie.common.errors import ApplicationError, PermissionDenied
from huajie.orgs.models import User

from .authentication import ApiTokenAuthentication
from .forms import invalid_login_message, lockout_message, wrong_code_message
from .models import ApiToken, SecurityEventKind
from .second_factor import is_enrolled, second_factor_check, second_factor_required
from .selectors import login_lockout_seconds
from .services import api_token_issue, api_token_revoke, security_event_record


class AccountLocked(PermissionDenied):
    code = "locked_out"


class TokenRequest(serializers.Serializer[Any]):
    username = serializers.CharField(max_length=150, help_text="用户名")
    password = serializers.CharField(
        max_length=128, trim_whitespace=False, help_text="密码", style={"input_type": "password"}
    )
    name = serializers.CharField(
        max_length=100, required=False, default="", help_text="令牌用途，例如“登记窗口客户端”"
    )
    otp = serializers.CharField(
        max_length=32,
        required=False,
        default="",
        help_text="已启用两步验证的账户必填：验证器应用当前显示的 6 位数字，或一个未用过的恢复码",
    )


class TokenResponse(serializers.Serializer[Any]):
    token = serializers.CharField(
        help_text="在请求头中使用：Authorization: Token <token>。只显示这一次，请妥善保存。"
    )
    expires_at = serializers.DateTimeField(help_text="到期时间；到期后请重新获取")


class TokenView(APIView):
    authentication_classes = [ApiTokenAuthentication]  # DELETE: the token it revokes, only

    def perform_authentication(self, request: Request) -> None:
        # POST proves who the client is with a password: a stale token left in its header must
        # not stand in the way of getting a new one, so the header is not read at all.
        if request.method != "POST":
            super().perform_authentication(request)

    def get_permissions(self) -> list[BasePermission]:
        return [AllowAny()] if self.request.method == "POST" else [IsAuthenticated()]

    @extend_schema(
        tags=["认证"],
        summary="获取接口令牌",
        request=TokenRequest,
        auth=[],
        responses={
            200: TokenResponse,
            400: OpenApiResponse(
                ERROR,
                description="用户名或密码错误（invalid_login），缺少或填错两步验证码"
                "（otp_required、otp_invalid）",
            ),
            403: OpenApiResponse(
                ERROR,
                description="登录失败次数过多，已锁定（locked_out）；须先在网页上启用两步验证"
                "（otp_enrol_required）",
            ),
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
        self._second_factor(user, body.validated_data["otp"], http_request)
        security_event_record(kind=SecurityEventKind.LOGIN, request=http_request, user=user)
        token, key = api_token_issue(
            user=user, name=body.validated_data["name"], request=http_request
        )
        return Response(TokenResponse({"token": key, "expires_at": token.expires_at}).data)

    @staticmethod
    def _second_factor(user: User, code: str, request: HttpRequest) -> None:
        """The code for an enrolled user (counted like a wrong password when wrong); a user
        whose role requires two-step verification enrols on the web page first."""
        if not is_enrolled(user=user):
            if second_factor_required(user=user):
                raise PermissionDenied(
                    "您的角色要求两步验证，请先在网页上登录并启用两步验证，再获取令牌。",
                    code="otp_enrol_required",
                )
            return
        if not code:
            raise ApplicationError(
                "该账户已启用两步验证，请在 otp 字段中填写验证器应用当前显示的 6 位数字。",
                code="otp_required",
                field="otp",
            )
        if second_factor_check(user=user, code=code, request=request).ok:
            return
        if remaining := login_lockout_seconds(username=user.get_username()):
            raise AccountLocked(lockout_message(remaining))
        raise ApplicationError(wrong_code_message(), code="otp_invalid", field="otp")

    @extend_schema(
        tags=["认证"],
        summary="撤销本次请求所用的令牌",
        request=None,
        responses={
            204: OpenApiResponse(description="已撤销；此后用该令牌的请求答复 401（token_revoked）"),
            401: OpenApiResponse(ERROR, description="未提供令牌，或令牌无效、已过期、已撤销"),
        },
    )
    def delete(self, request: Request) -> Response:
        # ApiTokenAuthentication, the only authenticator here, set both
        token, user = cast(ApiToken, request.auth), cast(User, request.user)
        api_token_revoke(token=token, acting_user=user, request=request._request)
        return Response(status=204)
