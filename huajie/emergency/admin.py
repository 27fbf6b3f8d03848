"""Admin screens for the emergency module's reference data: key places and their checklists.
Plans are written on the plan screens (a version in force is immutable there, and a revision is
a new version), incidents and hazards are worked on theirs; the timelines are read-only here."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import IncidentEvent, KeyPlace, Plan


@admin.register(KeyPlace)
class KeyPlaceAdmin(admin.ModelAdmin):
    list_display = ["name", "unit", "address"]
    search_fields = ["name", "address"]
    autocomplete_fields = ["unit"]
    list_select_related = ["unit"]


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    """Read-only list with a link to the plan screens, where plans are written and revised."""

    list_display = ["name", "unit", "area_unit"]
    list_select_related = ["unit", "area_unit"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(IncidentEvent)
class IncidentEventAdmin(admin.ModelAdmin):
    list_display = ["at", "incident", "kind", "actor", "text"]
    list_filter = ["kind"]
    search_fields = ["incident__reg_no", "text"]
    list_select_related = ["incident", "actor"]

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
