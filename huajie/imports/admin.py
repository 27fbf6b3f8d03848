from django.contrib import admin

from .models import ImportBatch, ImportMapping


@admin.register(ImportMapping)
class ImportMappingAdmin(admin.ModelAdmin):
    list_display = ("name", "unit", "created_by", "updated_at")
    list_filter = ("unit",)
    search_fields = ("name",)


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    """Read-only: a batch is the record of who imported what, when, with which result."""

    list_display = ("original_name", "unit", "sheet", "status", "created_count", "created_by")
    list_filter = ("status", "unit")
    search_fields = ("original_name",)

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
