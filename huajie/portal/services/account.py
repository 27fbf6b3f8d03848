"""The account the portal's writes are recorded under.

Petitions' services take the acting user and check it; a petitioner has no account. The portal
acts through one system account, "portal.system": a superuser so the services' role and unit
checks pass for the one case the petitioner has proved is theirs (query code plus phone, or a
fresh SMS code), **inactive and without a usable password**, so nobody can log in with it, no
notice is sent to it, and the API refuses it. Every event it writes carries the source `portal`,
so the case timeline shows "网上信访" as where the step came from. If anyone activates the account
or gives it a password, the portal refuses to act until that is undone.
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

from huajie.orgs.models import User

from .. import conf

FULL_NAME = "信访人（网上信访）"


def portal_account() -> User:
    username = str(conf.get("PORTAL_ACCOUNT", "portal.system"))
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(
            username=username,
            full_name=FULL_NAME,
            is_active=False,
            is_superuser=True,
            is_staff=False,
        )
        user.set_unusable_password()
        user.save()
    if user.is_active or user.has_usable_password() or not user.is_superuser:
        raise ImproperlyConfigured(
            f"The portal account {username!r} must be an inactive superuser without a usable "
            "password; undo the change in the admin before the portal can record anything."
        )
    return user
