"""Admin: group robots (editable, with a test message), the outbox of deliveries (filterable
by status and channel, failures counted at the top, 重新发送 for failed ones), notices read-only."""

from __future__ import annotations

from typing import Any, cast
from urllib.parse import urlsplit

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse

from huajie.orgs.models import User

from .models import Delivery, DeliveryStatus, Flavour, Notice, WebhookEndpoint
from .outbox import deliveries_requeue, webhook_endpoint_test
from .selectors import delivery_failed_count


class WebhookEndpointForm(forms.ModelForm):
    url = forms.URLField(
        label="Webhook 地址",
        assume_scheme="https",
        max_length=1000,
        widget=forms.URLInput(attrs={"size": 90}),
        help_text="企业微信：群设置 → 群机器人 → Webhook 地址；"
        "钉钉：群设置 → 智能群助手 → 自定义机器人。",
    )
    secret = forms.CharField(
        label="加签密钥",
        required=False,
        widget=forms.TextInput(attrs={"size": 70, "autocomplete": "off"}),
        help_text="仅钉钉机器人启用“加签”时填写（SEC 开头）；未启用请留空。",
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["name", "unit", "flavour", "url", "secret", "is_active"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("secret") and data.get("flavour") != Flavour.DINGTALK:
            self.add_error("secret", "只有钉钉机器人使用加签密钥，请清空此项或把类型改为钉钉。")
        return data


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    form = WebhookEndpointForm
    list_display = ["name", "unit", "flavour", "host", "is_active", "failed"]
    list_filter = ["flavour", "is_active"]
    search_fields = ["name", "unit__name"]
    autocomplete_fields = ["unit"]
    actions = ["send_test"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[WebhookEndpoint]:
        failed = Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.FAILED))
        return super().get_queryset(request).select_related("unit").annotate(failed_count=failed)

    @admin.display(description="地址")
    def host(self, obj: WebhookEndpoint) -> str:
        return urlsplit(obj.url).netloc  # never the token in a list

    @admin.display(description="发送失败", ordering="failed_count")
    def failed(self, obj: WebhookEndpoint) -> int:
        return int(getattr(obj, "failed_count", 0))

    @admin.action(description="发送测试消息")
    def send_test(self, request: HttpRequest, queryset: QuerySet[WebhookEndpoint]) -> None:
        for endpoint in queryset:
            webhook_endpoint_test(endpoint=endpoint, acting_user=cast(User, request.user))
        self.message_user(
            request,
            f"已为 {queryset.count()} 个群机器人排队测试消息，一分钟内发出，结果见“消息投递”列表。",
            messages.SUCCESS,
        )


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "channel",
        "destination",
        "status",
        "attempts",
        "next_attempt_at",
        "error",
    ]
    list_filter = ["status", "channel", "endpoint"]
    search_fields = ["destination", "last_error"]
    list_select_related = ["endpoint"]
    readonly_fields = [
        "channel",
        "destination",
        "notice",
        "endpoint",
        "payload",
        "status",
        "attempts",
        "next_attempt_at",
        "last_error",
        "created_at",
        "sent_at",
    ]
    actions = ["requeue"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # the outbox is the record of what was sent

    @admin.display(description="最近错误")
    def error(self, obj: Delivery) -> str:
        return obj.last_error[:80]

    @admin.action(description="重新发送所选的失败消息")
    def requeue(self, request: HttpRequest, queryset: QuerySet[Delivery]) -> None:
        count = deliveries_requeue(deliveries=queryset, acting_user=cast(User, request.user))
        self.message_user(
            request, f"已重新排队 {count} 条，将在一分钟内发送，结果见本列表。", messages.SUCCESS
        )

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        extra_context = {**(extra_context or {}), "failed_count": delivery_failed_count()}
        return super().changelist_view(request, extra_context=extra_context)


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "recipient",
        "message",
        "read_at",
        "ack_required",
        "acknowledged_at",
    ]
    list_filter = ["ack_required", ("read_at", admin.EmptyFieldListFilter)]
    search_fields = ["message", "recipient__username", "recipient__full_name", "dedupe_key"]
    list_select_related = ["recipient"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
