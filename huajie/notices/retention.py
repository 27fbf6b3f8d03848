"""Retention: read notices and delivered outbox rows are not kept for ever. The nightly job
`notices.prune` deletes notices read more than NOTICES_RETENTION_DAYS (365) ago and sent
deliveries older than OUTBOX_RETENTION_DAYS (90). Unread notices, deliveries still pending and
failed ones (the admin's to-do list) are never pruned. Rows go in batches, each its own
transaction, so a first run over years of rows never holds one long lock."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from .models import Delivery, DeliveryStatus, Notice

BATCH = 2000


def notices_retention_days() -> int:
    return int(getattr(settings, "NOTICES_RETENTION_DAYS", 365))


def outbox_retention_days() -> int:
    return int(getattr(settings, "OUTBOX_RETENTION_DAYS", 90))


def notices_prune(*, now: datetime | None = None) -> str:
    """The nightly job; returns what it deleted."""
    now = now or timezone.now()
    read_before = now - timedelta(days=notices_retention_days())
    sent_before = now - timedelta(days=outbox_retention_days())
    deliveries = _delete_in_batches(
        Delivery.objects.filter(status=DeliveryStatus.SENT, sent_at__lt=sent_before)
    )
    notices = _delete_in_batches(Notice.objects.filter(read_at__lt=read_before))
    return f"删除已读通知 {notices} 条、已发送的投递记录 {deliveries} 条"


def _delete_in_batches(rows: QuerySet[Any]) -> int:
    """Deletes `rows` (a Notice takes its deliveries with it); returns how many of `rows`."""
    label = rows.model._meta.label
    deleted = 0
    while pks := list(rows.order_by("pk").values_list("pk", flat=True)[:BATCH]):
        with transaction.atomic():
            _, per_model = rows.filter(pk__in=pks).delete()
        deleted += per_model.get(label, 0)
    return deleted
