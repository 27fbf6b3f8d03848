"""`Authorization: Token <key>` for every API call (settings: DEFAULT_AUTHENTICATION_CLASSES).

A module of its own: DRF imports its authentication classes while `rest_framework.views` is still
loading, so this module must not import views (`auth.py`, the token endpoint, does).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions
from rest_framework.authtoken.models import Token

from huajie.orgs.models import User


class TokenAuthentication(authentication.TokenAuthentication):
    """DRF's token authentication, reading the user's unit in the same query: the petition
    endpoints need it on every call (scoping, registration numbers)."""

    def authenticate_credentials(self, key: str) -> tuple[User, Token]:
        try:
            token = Token.objects.select_related("user", "user__unit").get(key=key)
        except Token.DoesNotExist:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from None
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        return token.user, token
