"""The outbox: e-mail and robot deliveries are rows written in the caller's transaction and sent
after it commits, never in the request: a rolled-back write sends nothing, a failed send never
undoes a write, and a slow mail server or dead robot never makes a click wait.

After commit the rows are handed to a Celery worker (task `notices.send_deliveries`) when a
broker is configured; without one, or when the broker cannot be reached, the
`notices.retry_deliveries` job (every minute, embedded scheduler or beat) sends them within a
minute. A failed attempt stays `pending` with its error and is tried again by that job after 1, 2,
4, 8 … minutes; after `MAX_ATTEMPTS` tries it is `failed`, visible in the admin, and may be queued
again from there. Each attempt first claims its row with a conditional UPDATE, so the worker and
the job (or two jobs) never send a row twice at the same time; a process that dies mid-send
leaves the row to be retried after `LEASE`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from functools import partial

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from huajie.jobs.queue import task_send
from huajie.orgs.models import User

from . import channels
from .models import Channel, Delivery, DeliveryStatus, WebhookEndpoint

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8  # at 0, 1, 3, 7, 15, 31, 63 and 127 minutes: about two hours in all
LEASE = timedelta(minutes=5)  # longer than any single attempt (the webhook timeout is 5 s)
RETRY_BATCH = 200
SEND_TASK = "notices.send_deliveries"


def backoff(attempts: int) -> timedelta:
    """Wait after the `attempts`-th failure: 1, 2, 4, 8, 16 … minutes."""
    return timedelta(minutes=2 ** max(attempts - 1, 0))


def deliveries_queue(deliveries: Sequence[Delivery]) -> list[Delivery]:
    """Write the rows now (in the caller's transaction); queue them for sending once it commits."""
    if not deliveries:
        return []
    created = Delivery.objects.bulk_create(deliveries)
    _queue_on_commit([d.pk for d in created])
    return created


def _queue_on_commit(pks: list[int]) -> None:
    transaction.on_commit(partial(task_send, SEND_TASK, pks=pks), robust=True)


def deliveries_send(*, pks: Iterable[int], now: datetime | None = None) -> int:
    """Try each delivery now (those another worker holds, or not yet due, are skipped).
    Returns how many were sent."""
    return sum(_attempt(pk, now=now or timezone.now()) for pk in pks)


def deliveries_retry(*, now: datetime | None = None) -> int:
    """The minute job: send what is due (new rows and retries), oldest first. Returns how many
    were sent."""
    now = now or timezone.now()
    due = (
        Delivery.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "id")
        .values_list("pk", flat=True)[:RETRY_BATCH]
    )
    return deliveries_send(pks=list(due), now=now)


def _attempt(pk: int, *, now: datetime) -> bool:
    claimed = Delivery.objects.filter(
        pk=pk, status=DeliveryStatus.PENDING, next_attempt_at__lte=now
    ).update(next_attempt_at=now + LEASE)
    if not claimed:
        return False
    delivery = Delivery.objects.select_related("endpoint").get(pk=pk)
    try:
        _send(delivery)
    except channels.DeliveryError as exc:
        _failed(delivery, str(exc), now=now)
        return False
    except Exception as exc:  # an unexpected bug must not stop the other deliveries
        log.exception("delivery %s raised", pk)
        _failed(delivery, f"{type(exc).__name__}: {exc}", now=now)
        return False
    Delivery.objects.filter(pk=pk).update(
        status=DeliveryStatus.SENT, attempts=delivery.attempts + 1, sent_at=timezone.now()
    )
    return True


def _send(delivery: Delivery) -> None:
    if delivery.channel == Channel.EMAIL:
        channels.send_email(to=delivery.destination, payload=delivery.payload)
        return
    endpoint = delivery.endpoint
    if endpoint is None or not endpoint.is_active:
        raise channels.DeliveryError("该群机器人已停用，消息未发送。")
    channels.post_webhook(
        url=endpoint.url, flavour=endpoint.flavour, payload=delivery.payload, secret=endpoint.secret
    )


def _failed(delivery: Delivery, error: str, *, now: datetime) -> None:
    attempts = delivery.attempts + 1
    gave_up = attempts >= MAX_ATTEMPTS
    log.warning("delivery %s attempt %s failed: %s", delivery.pk, attempts, error)
    Delivery.objects.filter(pk=delivery.pk).update(
        attempts=attempts,
        last_error=error[:2000],
        status=DeliveryStatus.FAILED if gave_up else DeliveryStatus.PENDING,
        next_attempt_at=now + backoff(attempts),
    )


@transaction.atomic
def deliveries_requeue(*, deliveries: QuerySet[Delivery], acting_user: User) -> int:
    """The admin's 重新发送: failed (or pending) deliveries start again with a fresh count and
    are queued after commit. Sent ones are left alone. Returns how many were queued."""
    rows = deliveries.exclude(status=DeliveryStatus.SENT)
    pks = list(rows.values_list("pk", flat=True))
    count = Delivery.objects.filter(pk__in=pks).update(
        status=DeliveryStatus.PENDING, attempts=0, next_attempt_at=timezone.now()
    )
    log.info("%s requeued %s deliveries", acting_user.get_username(), count)
    _queue_on_commit(pks)
    return count


@transaction.atomic
def webhook_endpoint_test(*, endpoint: WebhookEndpoint, acting_user: User) -> Delivery:
    """The admin's 发送测试消息: one post to the robot, to check its address and security
    settings. The outcome shows in the deliveries list."""
    who = acting_user.full_name or acting_user.get_username()
    message = f"测试消息：{endpoint.name}配置正确（由{who}发送）。"
    delivery = Delivery(
        channel=Channel.WEBHOOK,
        endpoint=endpoint,
        destination=endpoint.name[:254],
        payload=channels.webhook_payload(flavour=endpoint.flavour, message=message),
    )
    return deliveries_queue([delivery])[0]
