"""`task_send` hands work to a Celery worker only when there is a broker; the broker and worker
themselves are exercised against the real Redis in notices/tests/test_delivery_queue.py."""

from config.celery import app
from huajie.jobs.queue import task_send


def test_without_a_broker_nothing_is_sent_and_the_caller_leaves_it_to_a_job():
    assert app.conf.task_always_eager  # the test settings, like a setup without REDIS_URL
    assert task_send("notices.send_deliveries", pks=[1]) is False
