"""The rules admins may tune (length, counting, roll-forward, extension limit). Rows exist for
every registered rule (seeded after migrate); they are never added or deleted by hand."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import TimeLimitRule


@admin.register(TimeLimitRule)
class TimeLimitRuleAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "code",
        "amount",
        "kind",
        "roll_forward",
        "max_extension_days",
        "source",
    ]
    readonly_fields = ["code", "updated_at"]
    search_fields = ["name", "code", "source"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
