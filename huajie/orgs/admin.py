"""Admin screens for the organisation tree, users, groups and the holiday schedule.

Saves go through orgs.services so tree paths stay true; an admin who is not a superuser only sees
and edits the units in their own subtree (the same scoping as everywhere else).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from huajie.common.errors import ApplicationError
from huajie.common.scoping import visible_to
from huajie.deadlines import statutory

from . import services
from .holidays import schedule_from_entry, working_calendar
from .models import HolidaySchedule, Region, Role, Unit, User, WorkGroup, WorkGroupMember


class ScopedAdmin(admin.ModelAdmin):
    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return visible_to(super().get_queryset(request), request.user)  # type: ignore[arg-type]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["parent"]


class UnitForm(forms.ModelForm):
    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        parent, instance = data.get("parent"), self.instance
        if parent is not None and instance.pk and parent.path.startswith(instance.path):
            raise ValidationError("不能把单位移到它自己或它的下级单位之下，请选择其他上级单位。")
        return data


@admin.register(Unit)
class UnitAdmin(ScopedAdmin):
    form = UnitForm
    list_display = ["name", "code", "kind", "parent", "region", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "code", "short_name"]
    autocomplete_fields = ["parent", "region"]

    def save_model(self, request: HttpRequest, obj: Unit, form: Any, change: bool) -> None:
        services.unit_save(unit=obj, acting_user=request.user)  # type: ignore[arg-type]


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "full_name", "unit", "title", "is_active"]
    list_filter = ["is_active", "roles", "unit__kind"]
    search_fields = ["username", "full_name", "unit__name"]
    autocomplete_fields = ["unit"]
    filter_horizontal = ["roles", "groups", "user_permissions"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("基本信息", {"fields": ("full_name", "unit", "title", "phone", "email", "roles")}),
        ("权限", {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        ("重要日期", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"fields": ("username", "full_name", "unit", "roles", "password1", "password2")}),
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        qs = super().get_queryset(request)
        user = request.user
        if user.is_superuser:
            return qs
        unit = getattr(user, "unit", None)
        return qs.filter(unit__path__startswith=unit.path) if unit else qs.none()


class MemberInline(admin.TabularInline):
    model = WorkGroupMember
    extra = 1
    autocomplete_fields = ["user", "unit"]
    fields = ["order", "position", "name", "user", "unit", "post", "duties", "phone"]


@admin.register(WorkGroup)
class WorkGroupAdmin(ScopedAdmin):
    list_display = ["name", "kind", "unit", "parent", "phone"]
    list_filter = ["kind"]
    search_fields = ["name", "unit__name"]
    autocomplete_fields = ["unit", "parent"]
    inlines = [MemberInline]


class HolidayScheduleForm(forms.ModelForm):
    class Meta:
        model = HolidaySchedule
        fields = ["year", "notice", "holidays", "makeup_workdays"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        probe = HolidaySchedule(
            year=data["year"],
            notice=data.get("notice", ""),
            holidays=data.get("holidays", ""),
            makeup_workdays=data.get("makeup_workdays", ""),
        )
        try:
            schedule_from_entry(probe)
        except ApplicationError as exc:
            raise ValidationError(exc.message) from exc
        return data


PREFILLED_HELP = (
    "已按《全国年节及纪念日放假办法》预填该年的法定节日。请按国务院办公厅当年的放假通知补上"
    "其余放假日期，并在“调休上班日期”中填写周末上班的日子。"
)


@admin.register(HolidaySchedule)
class HolidayScheduleAdmin(admin.ModelAdmin):
    form = HolidayScheduleForm
    list_display = ["year", "notice", "updated_by", "updated_at"]
    readonly_fields = ["updated_by", "updated_at"]

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        """A new year starts from its statutory days: the first year from this one on that
        neither the chinesecalendar package nor an admin has entered."""
        initial = super().get_changeform_initial_data(request)
        if "year" in initial:
            return initial
        taken = set(working_calendar().years)  # the package's years and the admin's
        year = timezone.localdate().year
        while year in taken:
            year += 1
        if not statutory.FIRST_YEAR <= year <= statutory.LAST_YEAR:
            return initial
        return {
            **initial,
            "year": year,
            "holidays": statutory.as_entry(statutory.statutory_days(year)),
        }

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is None:
            form.base_fields["holidays"].help_text = PREFILLED_HELP
        return form

    def save_model(
        self, request: HttpRequest, obj: HolidaySchedule, form: Any, change: bool
    ) -> None:
        obj.updated_by = request.user  # type: ignore[assignment]
        super().save_model(request, obj, form, change)
