"""Admin: each unit's letterhead (organ name, number prefix, seal placeholder). Counters and
issued numbers are shown read-only: a number once printed on a document never changes."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import DocumentCounter, DocumentProfile, IssuedDocument
from .numbering import format_number


@admin.register(DocumentProfile)
class DocumentProfileAdmin(admin.ModelAdmin):
    list_display = ["unit", "organ_name", "number_prefix", "seal_text", "example"]
    search_fields = ["unit__name", "organ_name", "number_prefix"]
    autocomplete_fields = ["unit"]

    @admin.display(description="字号示例")
    def example(self, obj: DocumentProfile) -> str:
        return format_number(obj.number_prefix, "acceptance", 2026, 17)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(DocumentCounter)
class DocumentCounterAdmin(ReadOnlyAdmin):
    list_display = ["unit", "year", "kind", "last"]
    list_filter = ["year", "kind"]
    search_fields = ["unit__name"]
    list_select_related = ["unit"]


@admin.register(IssuedDocument)
class IssuedDocumentAdmin(ReadOnlyAdmin):
    list_display = ["number", "kind", "petition", "unit", "issued_on", "issued_by", "created_at"]
    list_filter = ["kind", "year"]
    search_fields = ["number", "petition__reg_no"]
    list_select_related = ["petition", "unit", "issued_by"]

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)  # numbers across all units: auditors only
