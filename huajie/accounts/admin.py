"""The security audit and the API tokens in the admin: readable by administrators, changeable
by nobody; an administrator may revoke tokens (recorded like any revocation).

The user admin (orgs') gains the two security actions an administrator takes for someone else,
each a security event naming who did it: resetting two-step verification (a lost phone), and
setting a password (the "change password" form), which the user must change at next sign-in.
django-otp's own device admins are removed: devices change only through accounts' services.

The admin login uses the same lockout as the main login page, and the same gates after it.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from huajie.orgs.admin import UserAdmin as OrgsUserAdmin
from huajie.orgs.models import RoleCode, User

from .forms import AdminLoginForm
from .models import ApiToken, SecurityEvent, SecurityEventKind
from .passwords import user_password_reset
from .second_factor import may_administer, second_factor_reset
from .services import api_token_revoke, security_event_record

admin.site.login_form = AdminLoginForm
admin.site.site_header = _("Huajie administration")
admin.site.site_title = _("Huajie administration")


def is_admin(request: HttpRequest) -> bool:
    user: Any = request.user
    return bool(user.is_active and user.is_staff and user.has_role(RoleCode.ADMIN))


class AdminReadOnly:
    """For records written only by the application (audit, job runs, tokens): administrators
    read them, nobody adds, edits or deletes them in the admin."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_admin(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_admin(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(SecurityEvent)
class SecurityEventAdmin(AdminReadOnly, admin.ModelAdmin):
    list_display = [
        "occurred_at",
        "kind",
        "username",
        "user",
        "actor",
        "ip_address",
        "short_user_agent",
    ]
    list_filter = ["kind", "occurred_at"]
    search_fields = ["username", "user__full_name", "ip_address"]
    date_hierarchy = "occurred_at"
    list_select_related = ["user", "actor"]
    fields = (
        "occurred_at",
        "kind",
        "username",
        "user",
        "actor",
        "ip_address",
        "user_agent",
        "detail",
    )
    readonly_fields = fields

    @admin.display(description=_("browser"))
    def short_user_agent(self, obj: SecurityEvent) -> str:
        return obj.user_agent[:60]


class TokenStateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("active", _("Active")), ("expired", _("Expired")), ("revoked", _("Revoked"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> QuerySet[ApiToken]:
        now = timezone.now()
        states = {
            "active": Q(revoked_at__isnull=True, expires_at__gt=now),
            "expired": Q(revoked_at__isnull=True, expires_at__lte=now),
            "revoked": Q(revoked_at__isnull=False),
        }
        value = self.value()
        return queryset.filter(states[value]) if value in states else queryset


@admin.register(ApiToken)
class ApiTokenAdmin(AdminReadOnly, admin.ModelAdmin):
    list_display = ["prefix", "user", "name", "created_at", "expires_at", "last_used_at", "state"]
    list_filter = [TokenStateFilter]
    search_fields = ["user__username", "user__full_name", "name", "prefix"]
    list_select_related = ["user"]
    fields = ("prefix", "user", "name", "created_at", "expires_at", "revoked_at", "last_used_at")
    readonly_fields = fields
    actions = ["revoke"]

    @admin.display(description=_("state"))
    def state(self, obj: ApiToken) -> str:
        if obj.revoked_at is not None:
            return str(_("Revoked"))
        return str(_("Expired") if obj.expires_at <= timezone.now() else _("Active"))

    @admin.action(description=_("Revoke the selected tokens"), permissions=["revoke"])
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        revoked = 0
        for token in queryset.select_related("user"):
            if api_token_revoke(token=token, acting_user=request.user, request=request):  # type: ignore[arg-type]
                self.log_change(request, token, [{"changed": {"fields": ["revoked_at"]}}])
                revoked += 1
        self.message_user(
            request,
            ngettext("%(count)d token revoked.", "%(count)d tokens revoked.", revoked)
            % {"count": revoked},
        )

    def has_revoke_permission(self, request: HttpRequest) -> bool:
        return is_admin(request)


for model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
admin.site.unregister(User)


@admin.register(User)
class UserAdmin(OrgsUserAdmin):
    actions = ["reset_second_factor"]

    @admin.action(description=_("Reset two-step verification"), permissions=["change"])
    def reset_second_factor(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        acting: Any = request.user
        done = 0
        for user in queryset.select_related("unit"):
            if second_factor_reset(user=user, acting_user=acting, request=request):
                self.log_change(request, user, _("Two-step verification reset."))
                done += 1
        self.message_user(
            request,
            ngettext(
                "Two-step verification reset for %(count)d user: they set it up again at their "
                "next sign-in.",
                "Two-step verification reset for %(count)d users: they set it up again at their "
                "next sign-in.",
                done,
            )
            % {"count": done},
        )

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        """Django's form sets the password; in the same transaction, a password set for someone
        else must be changed at their next sign-in (and their API tokens are revoked)."""
        acting: Any = request.user
        user = self.get_object(request, unquote(id))
        if (
            user is not None
            and user.pk != acting.pk
            and not may_administer(acting_user=acting, user=user)
        ):
            raise DjangoPermissionDenied
        with transaction.atomic():
            response = super().user_change_password(request, id, form_url)
            if request.method == "POST" and response.status_code == 302 and user is not None:
                user.refresh_from_db(fields=["password"])
                if user.pk == acting.pk:
                    security_event_record(
                        kind=SecurityEventKind.PASSWORD_CHANGED, request=request, user=user
                    )
                else:
                    user_password_reset(user=user, acting_user=acting, request=request)
                    messages.info(
                        request, _("The user must choose a new password at their next sign-in.")
                    )
        return response
