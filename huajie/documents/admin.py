"""Admin: each unit's letterhead (organ name, number prefix, seal placeholder). Issued numbers are
shown read-only: a number once printed on a document never changes."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import DocumentProfile, IssuedDocument
from .numbering import format_number
from .registry import kind_label


@admin.register(DocumentProfile)
class DocumentProfileAdmin(admin.ModelAdmin):
    list_display = ["unit", "organ_name", "number_prefix", "seal_text", "example"]
    search_fields = ["unit__name", "organ_name", "number_prefix"]
    autocomplete_fields = ["unit"]

    @admin.display(description="字号示例")
    def example(self, obj: DocumentProfile) -> str:
        return format_number(obj.number_prefix, "告", 2026, 17)


@admin.register(IssuedDocument)
class IssuedDocumentAdmin(admin.ModelAdmin):
    list_display = ["number", "kind_name", "target_type", "target_id", "unit", "issued_on"]
    list_display += ["issued_by", "created_at"]
    list_filter = ["target_type", "kind", "year"]
    search_fields = ["number"]
    list_select_related = ["target_type", "unit", "issued_by"]

    @admin.display(description="文书", ordering="kind")
    def kind_name(self, obj: IssuedDocument) -> str:
        return kind_label(obj.kind)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)  # numbers across all units: auditors only

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
