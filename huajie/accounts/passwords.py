"""Passwords set by an administrator and the change they force at the next sign-in.

An administrator sets a temporary password in the user admin (`accounts.admin`): the user's API
tokens are revoked (the old password may be known to someone), a `PasswordChangeDue` row is
written and, at the next sign-in, the session may do nothing but choose a new password
(`gates.PASSWORD`). Both are security events, the reset with the administrator who did it.
"""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from huajie.common.errors import PermissionDenied
from huajie.orgs.models import User

from .models import ApiToken, PasswordChangeDue, SecurityEventKind
from .second_factor import may_administer
from .services import security_event_record


def password_change_due(*, user: User) -> bool:
    return PasswordChangeDue.objects.filter(user=user).exists()


def user_password_reset(
    *, user: User, acting_user: User, request: HttpRequest | None, password: str | None = None
) -> None:
    """An administrator gave `user` a new password (`password`, or already set on `user` by the
    admin's form in this transaction): it must be changed at the next sign-in."""
    if not may_administer(acting_user=acting_user, user=user):
        raise PermissionDenied(
            _("Only an administrator of the user's unit may reset their password.")
        )
    with transaction.atomic():
        if password is not None:
            user.set_password(password)
            user.save(update_fields=["password"])
        PasswordChangeDue.objects.update_or_create(
            user=user, defaults={"set_by": acting_user, "set_at": timezone.now()}
        )
        ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        security_event_record(
            kind=SecurityEventKind.PASSWORD_RESET, request=request, user=user, actor=acting_user
        )


def user_password_change(*, user: User, password: str, request: HttpRequest | None) -> None:
    """The user chose a new password (validated by the form): any forced change is done."""
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        PasswordChangeDue.objects.filter(user=user).delete()
        security_event_record(kind=SecurityEventKind.PASSWORD_CHANGED, request=request, user=user)
