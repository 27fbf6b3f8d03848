"""The security audit trail: logins, logouts, failures, lockouts and idle expiries.

`SecurityEvent` is append-only (等保 2.0 level 3 asks that audit records be protected from
change and deletion). Three layers refuse changes:

1. `save()` refuses to update a row that already exists and `delete()` always refuses;
2. the manager's queryset refuses `update()` and `delete()`, which bypass the model methods;
3. the database itself: migration 0002 installs triggers that abort any UPDATE (SQLite and
   PostgreSQL) and any DELETE (PostgreSQL) on the table.

SQLite keeps no DELETE trigger because Django's test-database flush empties tables with DELETE;
PostgreSQL flushes with TRUNCATE, which row triggers do not see. Purging records past their
retention period (at least six months, 网络安全法 Art. 21) is a DBA task done with the
trigger disabled, never something the application can do.

The user foreign key is PROTECT: accounts with an audit trail are deactivated, not deleted.
"""

from __future__ import annotations

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
    kind = models.CharField(_("event"), max_length=20, choices=SecurityEventKind.choices)
    occurred_at = models.DateTimeField(_("time"), default=timezone.now, editable=False)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)

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
