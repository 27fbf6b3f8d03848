"""The security audit trail (logins, logouts, failures, lockouts, idle expiries, API tokens
issued and revoked, the second factor and password resets, every full view of a person's ID
and phone number, each archiving of old records), forced password changes and the API tokens
themselves.

`SecurityEvent` is append-only (等保 2.0 level 3 asks that audit records be protected from
change and deletion). Three layers refuse changes:

1. `save()` refuses to update a row that already exists and `delete()` always refuses;
2. the manager's queryset refuses `update()` and `delete()`, which bypass the model methods;
3. the database itself: migration 0002 installs triggers that abort any UPDATE (SQLite and
   PostgreSQL) and any DELETE (PostgreSQL) on the table.

SQLite keeps no DELETE trigger because Django's test-database flush empties tables with DELETE;
PostgreSQL flushes with TRUNCATE, which row triggers do not see. Records past their retention
period (at least six months, 网络安全法 Art. 21) leave the table only through
`manage.py archive_audit` (accounts/archive.py): it writes them to a signed archive file first,
removes them with the trigger disabled for its own transaction, and records the cut in the chain.

The user foreign key is PROTECT: accounts with an audit trail are deactivated, not deleted.

`ApiToken` stores only the SHA-256 of each key (and its first characters, to tell tokens apart):
the key is shown once, when it is issued, and a copied database opens no API.
"""

from __future__ import annotations

import hashlib
from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huajie.common.errors import AppendOnlyError


class SecurityEventKind(models.TextChoices):
    LOGIN = "login", _("Logged in")
    LOGOUT = "logout", _("Logged out")
    LOGIN_FAILED = "login_failed", _("Login failed")
    LOCKED_OUT = "locked_out", _("Refused: account locked")
    SESSION_EXPIRED = "session_expired", _("Signed out after inactivity")
    TOKEN_ISSUED = "token_issued", _("API token issued")
    TOKEN_REVOKED = "token_revoked", _("API token revoked")
    FULL_VIEW = "full_view", _("Viewed full personal data")
    AUDIT_ARCHIVED = "audit_archived", _("Audit records archived")
    SIGNIN_STARTED = "signin_started", _("Password accepted, second step pending")
    OTP_ENROLLED = "otp_enrolled", _("Two-step verification enabled")
    OTP_PASSED = "otp_passed", _("Verification code accepted")
    OTP_FAILED = "otp_failed", _("Verification code refused")
    RECOVERY_USED = "recovery_used", _("Recovery code used")
    RECOVERY_RENEWED = "recovery_renewed", _("Recovery codes regenerated")
    OTP_RESET = "otp_reset", _("Two-step verification reset by an administrator")
    PASSWORD_RESET = "password_reset", _("Password reset by an administrator")
    PASSWORD_CHANGED = "password_changed", _("Password changed")


class SecurityEventQuerySet(models.QuerySet["SecurityEvent"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Security events are append-only: they cannot be updated.")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("Security events are append-only: they cannot be deleted.")


class SecurityEvent(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="security_events",
    )
    username = models.CharField(_("username entered"), max_length=150, blank=True)
    # Who did it, when that is someone else than `user` (an administrator's reset).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="security_actions",
    )
    kind = models.CharField(_("event"), max_length=20, choices=SecurityEventKind.choices)
    occurred_at = models.DateTimeField(_("time"), default=timezone.now, editable=False)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    # What the event concerns, when more than who and when: the record whose personal data was
    # shown in full, or the archive file and the last hash an archiving cut the chain at.
    detail = models.CharField(_("detail"), max_length=300, blank=True, default="", editable=False)
    # The hash chain (accounts/audit.py): each row carries the hash of the one before it, and
    # its own keyed hash over that and its content; `manage.py verify_audit` walks it.
    prev_hash = models.CharField(max_length=64, blank=True, default="", editable=False)
    row_hash = models.CharField(max_length=64, blank=True, default="", editable=False)

    objects = SecurityEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("security event")
        verbose_name_plural = _("security events")
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["username", "occurred_at"], name="secevent_username_time"),
            models.Index(fields=["occurred_at"], name="secevent_time"),
        ]

    def __str__(self) -> str:
        at = timezone.localtime(self.occurred_at)
        return f"{self.get_kind_display()} · {self.username} · {at:%Y-%m-%d %H:%M:%S}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("Security events are append-only: they cannot be updated.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Security events are append-only: they cannot be deleted.")


class PasswordChangeDue(models.Model):
    """The user must choose a new password at their next sign-in (an administrator set one for
    them); the row goes when they have."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="password_change_due",
    )
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("set by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    set_at = models.DateTimeField(_("set at"), default=timezone.now)

    class Meta:
        verbose_name = _("password change due")
        verbose_name_plural = _("password changes due")

    def __str__(self) -> str:
        return str(self.user)


class ApiToken(models.Model):
    """A key for API clients (`Authorization: Token <key>`), ending when it expires
    (settings.API_TOKEN_DAYS after issue) or is revoked. `last_used_at` is written at most once
    a minute, not on every request."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("label"), max_length=100, blank=True)
    prefix = models.CharField(_("key prefix"), max_length=8)
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("issued"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("created_at")),
                name="apitoken_expires_after_issue",
            ),
            models.CheckConstraint(
                condition=models.Q(revoked_at__isnull=True)
                | models.Q(revoked_at__gte=models.F("created_at")),
                name="apitoken_revoked_after_issue",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.prefix}… · {self.name or self.user}"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()
