"""The Celery task behind the outbox: a worker sends the deliveries a request queued."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError

from .outbox import SEND_TASK, deliveries_send


@shared_task(
    name=SEND_TASK,
    # A database that is busy for a moment (SQLite's "table is locked", a PostgreSQL failover)
    # is tried again after 1, 2, 4, 8 and 16 s; whatever is still unsent after that stays
    # pending for the minute job's retries. Only the claim or the status write can raise it,
    # and a claimed row is skipped by a retry, so nothing is sent twice.
    autoretry_for=(OperationalError,),
    retry_backoff=1,
    retry_backoff_max=16,
    retry_jitter=False,
    max_retries=5,
)
def send_deliveries(pks: list[int]) -> int:
    """Returns how many were sent; a failure stays pending for the minute job's retries."""
    return deliveries_send(pks=pks)
