"""How far a running import has got, readable while its one transaction is still open.

A count written on the import's own connection would stay invisible until the last row commits,
so it is published elsewhere: on PostgreSQL to the batch row through a second connection in
autocommit (any process can poll it); on SQLite, which allows a single writer and the import is
that writer, to this process's memory (SQLite deployments are the one-process `make run`). The
import never writes the batch row inside its transaction, so the two connections never wait on
each other.
"""

from __future__ import annotations

import threading
import time
from types import TracebackType

from django.db import DEFAULT_DB_ALIAS, connections

from ..models import ImportBatch

PUBLISH_EVERY_SECONDS = 0.5

_live: dict[int, int] = {}
_lock = threading.Lock()


def live_processed(batch_id: int) -> int | None:
    """The count published by an import running in this process, if any."""
    with _lock:
        return _live.get(batch_id)


class ProgressPublisher:
    """Call with (processed, total) after each row; publishes at most twice a second."""

    def __init__(self, batch_id: int) -> None:
        self.batch_id = batch_id
        self._last = 0.0
        self._side = None
        if connections[DEFAULT_DB_ALIAS].vendor != "sqlite":
            self._side = connections.create_connection(DEFAULT_DB_ALIAS)

    def __call__(self, processed: int, total: int) -> None:
        with _lock:
            _live[self.batch_id] = processed
        now = time.monotonic()
        if self._side is None or (now - self._last < PUBLISH_EVERY_SECONDS and processed < total):
            return
        self._last = now
        table = self._side.ops.quote_name(ImportBatch._meta.db_table)
        with self._side.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET processed = %s WHERE id = %s",  # noqa: S608 - our table name
                [processed, self.batch_id],
            )

    def __enter__(self) -> ProgressPublisher:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        with _lock:
            _live.pop(self.batch_id, None)
        if self._side is not None:
            self._side.close()
