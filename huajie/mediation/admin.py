"""Admin screens for mediation's reference data: the dispute-type tree (editable: which types are
status matters that cannot be judicially confirmed) and each unit's screening schedule. Disputes
are worked in the mediation screens, never edited here; the timeline is read-only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import DisputeEvent, DisputeType, ScreeningSchedule


@admin.register(DisputeType)
class DisputeTypeAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status_matter", "active", "order"]
    list_filter = ["status_matter", "active"]
    search_fields = ["name"]
    list_editable = ["status_matter", "active", "order"]


@admin.register(ScreeningSchedule)
class ScreeningScheduleAdmin(admin.ModelAdmin):
    list_display = ["unit", "every_days", "starts_on", "active"]
    list_editable = ["every_days", "active"]
    autocomplete_fields = ["unit"]
    list_select_related = ["unit"]


@admin.register(DisputeEvent)
class DisputeEventAdmin(admin.ModelAdmin):
    list_display = ["at", "dispute", "kind", "action", "actor", "text"]
    list_filter = ["kind"]
    search_fields = ["dispute__reg_no", "text"]
    list_select_related = ["dispute", "actor"]

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
