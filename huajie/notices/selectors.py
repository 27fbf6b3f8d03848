"""Reads: a user's own notices (nobody reads another's), the bell's count, the outbox's failures."""

from __future__ import annotations

from django.db.models import QuerySet

from huajie.common.errors import NotFound
from huajie.orgs.models import User

from .models import Delivery, DeliveryStatus, Notice


def notice_list_for_user(*, user: User, unread_only: bool = False) -> QuerySet[Notice]:
    """Newest first (the `notice_list` / `notice_unread` indexes)."""
    qs = Notice.objects.filter(recipient=user)
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs.order_by("-created_at", "-id")


def notice_unread_count(*, user: User) -> int:
    """The bell: one COUNT over the partial index of unread rows."""
    return Notice.objects.filter(recipient=user, read_at__isnull=True).count()


def notice_get_for_user(*, user: User, pk: int) -> Notice:
    notice = Notice.objects.filter(recipient=user, pk=pk).first()
    if notice is None:
        raise NotFound("该通知不存在，或不是发给您的。请回到消息通知列表查看。")
    return notice


def delivery_failed_count() -> int:
    return Delivery.objects.filter(status=DeliveryStatus.FAILED).count()
