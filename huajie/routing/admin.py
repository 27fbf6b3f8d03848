"""The admin's routing screens: keyword rules per category (cold start), and the training runs
with the model in use, its figures, any warning about its file, and the acceptance rates."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse

from huajie.accounts.admin import AdminReadOnly, is_admin
from huajie.common.errors import ApplicationError

from . import selectors
from .models import KeywordRule, Suggestion, TrainingRun
from .services import keyword_list, keyword_rule_save, router_train


class KeywordRuleForm(forms.ModelForm):
    class Meta:
        model = KeywordRule
        fields = ["category", "keywords", "unit", "is_active"]
        widgets = {"keywords": forms.Textarea(attrs={"rows": 3})}

    def clean_keywords(self) -> str:
        try:
            return "、".join(keyword_list(self.cleaned_data.get("keywords", "")))
        except ApplicationError as exc:
            raise forms.ValidationError(exc.message) from exc


@admin.register(KeywordRule)
class KeywordRuleAdmin(admin.ModelAdmin):
    form = KeywordRuleForm
    list_display = ["category", "keywords", "unit", "is_active", "updated_at"]
    list_filter = ["is_active"]
    search_fields = ["category__full_name", "keywords", "unit__name"]
    autocomplete_fields = ["category", "unit"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_admin(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_admin(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return is_admin(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_admin(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_admin(request)

    def save_model(self, request: HttpRequest, obj: KeywordRule, form: Any, change: bool) -> None:
        keyword_rule_save(
            category=obj.category,
            keyword_text=obj.keywords,
            unit=obj.unit,
            is_active=obj.is_active,
            acting_user=request.user,  # type: ignore[arg-type]
            rule=obj,
        )


@admin.register(TrainingRun)
class TrainingRunAdmin(AdminReadOnly, admin.ModelAdmin):
    list_display = ["started_at", "outcome", "version", "cases", "seconds", "message"]
    list_filter = ["outcome"]
    fields = ("started_at", "outcome", "version", "file", "cases", "seconds", "message", "report")
    readonly_fields = fields

    def get_urls(self) -> list[URLPattern]:
        train = self.admin_site.admin_view(self.train_view)
        return [path("train/", train, name="routing_trainingrun_train"), *super().get_urls()]

    def train_view(self, request: HttpRequest) -> HttpResponseRedirect:
        if request.method == "POST" and is_admin(request):
            run = router_train(acting_user=request.user)  # type: ignore[arg-type]
            messages.info(request, run.message)
        return HttpResponseRedirect(reverse("admin:routing_trainingrun_changelist"))

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> TemplateResponse:
        context = {
            "router": selectors.model_status(),
            "acceptance": selectors.acceptance_rates(),
            **(extra_context or {}),
        }
        return super().changelist_view(request, context)  # type: ignore[return-value]


@admin.register(Suggestion)
class SuggestionAdmin(AdminReadOnly, admin.ModelAdmin):
    # The case by its number only: an accusation's summary is not for every administrator.
    list_display = [
        "created_at", "case_no", "source", "model_version", "category_rank", "unit_rank",
    ]  # fmt: skip
    list_filter = ["source", "category_rank", "unit_rank"]
    fields = (
        "case_no",
        "source",
        "model_version",
        "categories",
        "units",
        "chosen_category",
        "category_rank",
        "chosen_unit",
        "unit_rank",
        "created_at",
    )
    readonly_fields = fields
    list_select_related = ["petition"]

    @admin.display(description="登记编号")
    def case_no(self, obj: Suggestion) -> str:
        return obj.petition.reg_no
