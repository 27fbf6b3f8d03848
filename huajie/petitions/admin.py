"""Admin screens for reference data: categories (time-limit rules are in `huajie.timelimits`).
Cases are handled in the petitions screens, never edited in the admin; the timeline is read-only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import Category, PetitionEvent


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["full_name", "level", "is_active", "order"]
    list_filter = ["level", "is_active"]
    search_fields = ["name", "full_name"]
    autocomplete_fields = ["parent"]


@admin.register(PetitionEvent)
class PetitionEventAdmin(admin.ModelAdmin):
    list_display = ["at", "petition", "kind", "action", "actor", "text"]
    list_filter = ["kind"]
    search_fields = ["petition__reg_no", "text"]
    list_select_related = ["petition", "actor"]

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)  # the full timeline across units: auditors only

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
