"""`Authorization: Token <key>` for every API call (settings: DEFAULT_AUTHENTICATION_CLASSES,
listed first so that a refused call answers 401 with `WWW-Authenticate: Token`).

A module of its own: DRF imports its authentication classes while `rest_framework.views` is still
loading, so this module must not import views (`api.py`, the token endpoint, does).
"""

from __future__ import annotations

from django.utils import timezone
from rest_framework import authentication, exceptions

from huajie.orgs.models import User

from .models import ApiToken
from .selectors import api_token_for_key
from .services import api_token_mark_used

OBTAIN = "POST /api/v1/auth/token/"


class TokenInvalid(exceptions.AuthenticationFailed):
    default_code = "token_invalid"
    default_detail = f"令牌无效，请核对请求头 Authorization: Token <令牌>，或重新获取：{OBTAIN}"


class TokenExpired(exceptions.AuthenticationFailed):
    default_code = "token_expired"
    default_detail = f"令牌已过期，请重新获取：{OBTAIN}"


class TokenRevoked(exceptions.AuthenticationFailed):
    default_code = "token_revoked"
    default_detail = f"令牌已被撤销，请重新获取：{OBTAIN}"


class UserInactive(exceptions.AuthenticationFailed):
    default_code = "user_inactive"
    default_detail = "该账户已停用，令牌不再有效；如有疑问请联系管理员。"


class ApiTokenAuthentication(authentication.TokenAuthentication):
    """DRF's header parsing and `WWW-Authenticate: Token`, over our own hashed, expiring and
    revocable tokens: one query reads the token, its user and the user's unit."""

    def authenticate_credentials(self, key: str) -> tuple[User, ApiToken]:
        token = api_token_for_key(key=key)
        if token is None:
            raise TokenInvalid()
        now = timezone.now()
        if token.revoked_at is not None:
            raise TokenRevoked()
        if token.expires_at <= now:
            raise TokenExpired()
        if not token.user.is_active:
            raise UserInactive()
        api_token_mark_used(token=token, now=now)
        return token.user, token
