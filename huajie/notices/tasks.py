"""The Celery task behind the outbox: a worker sends the deliveries a request queued."""

from __future__ import annotations

from celery import shared_task

from .outbox import SEND_TASK, deliveries_send


@shared_task(name=SEND_TASK)
def send_deliveries(pks: list[int]) -> int:
    """Returns how many were sent; a failure stays pending for the minute job's retries."""
    return deliveries_send(pks=pks)
