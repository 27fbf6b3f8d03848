"""The security audit in the admin: readable by administrators, changeable by nobody.

The admin login uses the same lockout as the main login page.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from huajie.orgs.models import RoleCode

from .forms import AdminLoginForm
from .models import SecurityEvent

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
    fields = ("occurred_at", "kind", "username", "user", "ip_address", "user_agent")
    readonly_fields = fields

    @admin.display(description=_("browser"))
    def short_user_agent(self, obj: SecurityEvent) -> str:
        return obj.user_agent[:60]
