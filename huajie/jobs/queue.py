"""Background work handed to a Celery worker, when there is one.

`task_send` puts a task on the broker (Redis, `REDIS_URL`) and returns True. Without a broker —
Celery runs eagerly then, in the caller's thread — it sends nothing and returns False: the caller
leaves the work to a registered periodic job, which the embedded scheduler runs instead. Either
way the caller never waits for the work itself.
"""

from __future__ import annotations

import logging
from typing import Any

logger = logging.getLogger(__name__)
# One try, bounded: a broker that is down or unreachable costs the request at most this, once.
CONNECT_TIMEOUT = 1.0


def task_send(name: str, **kwargs: Any) -> bool:
    """Queue the task `name` with `kwargs`; False when there is no broker or it cannot be reached
    (logged), so that a periodic job picks the work up."""
    from config.celery import app

    if app.conf.task_always_eager:
        return False
    try:
        with app.connection_for_write(
            connect_timeout=CONNECT_TIMEOUT, transport_options={"max_retries": 0}
        ) as connection:
            app.send_task(name, kwargs=kwargs, retry=False, connection=connection)
    except Exception:  # a broker that is down must not fail the request that queued the work
        logger.warning("Task %s not queued: the broker cannot be reached", name, exc_info=True)
        return False
    return True
