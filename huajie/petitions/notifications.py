"""In-app notifications: reads and the one write (mark as read). Notices are created by
services.events.notify in the transaction that caused them."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from huajie.orgs.models import User

from .models import Notification


def notification_list_for_user(*, user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user).select_related("petition")


def notification_unread_count(*, user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def notifications_mark_read(*, user: User, pk: int | None = None) -> int:
    """Mark one notice (or all of them) read. Only the user's own notices are touched."""
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if pk is not None:
        qs = qs.filter(pk=pk)
    return qs.update(read_at=timezone.now())
