"""The security audit and the API tokens in the admin: readable by administrators, changeable
by nobody; an administrator may revoke tokens (recorded like any revocation).

The admin login uses the same lockout as the main login page.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from huajie.orgs.models import RoleCode

from .forms import AdminLoginForm
from .models import ApiToken, SecurityEvent
from .services import api_token_revoke

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
    list_display = ["occurred_at", "kind", "username", "user", "ip_address", "short_user_agent"]
    list_filter = ["kind", "occurred_at"]
    search_fields = ["username", "user__full_name", "ip_address"]
    date_hierarchy = "occurred_at"
    list_select_related = ["user"]
    fields = ("occurred_at", "kind", "username", "user", "ip_address", "user_agent", "detail")
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
