"""Nothing is sent in the request: a click that writes a notice or a robot post returns at once,
however slow or dead the receiver, and the outbox runner (the minute job, or a Celery worker when
a broker is configured) delivers it. Real HTTP receivers on 127.0.0.1 and, for Celery, the real
Redis on 127.0.0.1:6379 with an embedded worker; no mocks."""

from __future__ import annotations

import socket
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import redis
from celery.contrib.testing.worker import start_worker

from config.celery import app as celery_app
from huajie.jobs.models import JobOutcome, JobTrigger
from huajie.jobs.registry import get_job
from huajie.jobs.services import job_run
from huajie.notices import tasks
from huajie.notices.models import Delivery, DeliveryStatus, Flavour, WebhookEndpoint
from huajie.notices.outbox import MAX_ATTEMPTS, deliveries_retry
from huajie.orgs.tests.factories import make_unit

pytestmark = pytest.mark.django_db
REDIS_URL = "redis://127.0.0.1:6379/0"
QUEUE = f"huajie-test-{uuid.uuid4().hex}"
SLOW = 3.0  # seconds the slow robot takes to answer (its timeout is 5 s)


def robot(url: str) -> WebhookEndpoint:
    return WebhookEndpoint.objects.create(
        name="应急值班群", unit=make_unit("清河县应急管理局"), url=url, flavour=Flavour.WECOM
    )


def send_test_click(admin_client: Any, endpoint: WebhookEndpoint) -> float:
    """The admin's 发送测试消息 from the robots list, as a browser does it; returns how long the
    click took (the list is loaded first, so a cold start is not counted)."""
    assert admin_client.get("/admin/notices/webhookendpoint/").status_code == 200
    started = time.monotonic()
    response = admin_client.post(
        "/admin/notices/webhookendpoint/",
        {"action": "send_test", "_selected_action": [endpoint.pk]},
        follow=True,
    )
    assert response.status_code == 200
    return time.monotonic() - started


def closed_port_url() -> str:
    with socket.socket() as s:  # a port with nobody listening: a real refused connection
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/robot/send?key=k"


def test_a_slow_robot_never_slows_the_click_and_the_minute_job_delivers(
    admin_client, receiver, django_capture_on_commit_callbacks
):
    receiver.delay = SLOW
    endpoint = robot(receiver.url())
    with django_capture_on_commit_callbacks(execute=True):  # the commit and what follows it
        took = send_test_click(admin_client, endpoint)
    assert took < SLOW / 2
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING and delivery.attempts == 0
    assert receiver.requests == []

    run = job_run(job=get_job("notices.retry_deliveries"), trigger=JobTrigger.COMMAND)
    assert run is not None and run.outcome == JobOutcome.OK and run.result == "1"
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT and delivery.attempts == 1
    assert receiver.requests[0].body["text"]["content"].startswith("【化解】测试消息：")


def test_a_dead_robot_ends_failed_after_the_retries_with_the_reason_for_the_admin(
    admin_client, django_capture_on_commit_callbacks
):
    endpoint = robot(closed_port_url())
    with django_capture_on_commit_callbacks(execute=True):
        assert send_test_click(admin_client, endpoint) < 2
    delivery = Delivery.objects.get()
    while delivery.status == DeliveryStatus.PENDING:
        deliveries_retry(now=delivery.next_attempt_at)
        delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED and delivery.attempts == MAX_ATTEMPTS
    assert delivery.last_error.startswith("连接失败：")

    page = admin_client.get("/admin/notices/delivery/").content.decode()
    assert "发送失败 1 条" in page and "连接失败：" in page


@contextmanager
def celery_broker(url: str) -> Iterator[str]:
    """The project's Celery app sending to `url`, on a queue of this run's own (Celery keeps the
    queue it first routed to, so there is one per process)."""
    keys = ("broker_url", "task_always_eager", "task_default_queue")
    saved = {key: celery_app.conf[key] for key in keys}
    celery_app.conf.update(broker_url=url, task_always_eager=False, task_default_queue=QUEUE)
    try:
        yield QUEUE
    finally:
        celery_app.conf.update(saved)


@pytest.fixture
def redis_broker() -> Iterator[str]:
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    with celery_broker(REDIS_URL) as queue:
        yield queue
    redis.Redis.from_url(REDIS_URL).delete(queue)


@pytest.mark.django_db(transaction=True)
def test_with_a_broker_a_celery_worker_delivers_right_after_commit(
    admin_client, receiver, redis_broker
):
    assert tasks.send_deliveries.name == "notices.send_deliveries"
    receiver.delay = 1.0
    endpoint = robot(receiver.url())
    with start_worker(celery_app, perform_ping_check=False, shutdown_timeout=10):
        assert send_test_click(admin_client, endpoint) < 1.0
        deadline = time.monotonic() + 45  # an embedded worker starts slowly on a busy machine
        while not Delivery.objects.filter(status=DeliveryStatus.SENT).exists():
            assert time.monotonic() < deadline, "the worker did not deliver"
            time.sleep(0.5)  # (the task retries if this read locks the in-memory table)
    delivery = Delivery.objects.get()
    assert delivery.attempts == 1 and len(receiver.requests) == 1


def test_with_the_broker_down_the_click_still_returns_and_the_minute_job_delivers(
    admin_client, receiver, django_capture_on_commit_callbacks
):
    endpoint = robot(receiver.url())
    dead_redis = closed_port_url().replace("http://", "redis://").split("/robot")[0] + "/0"
    with celery_broker(dead_redis), django_capture_on_commit_callbacks(execute=True):
        assert send_test_click(admin_client, endpoint) < 1.5
    assert Delivery.objects.get().status == DeliveryStatus.PENDING and receiver.requests == []
    assert deliveries_retry() == 1
    assert Delivery.objects.get().status == DeliveryStatus.SENT
