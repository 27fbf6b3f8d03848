"""Is the process running an import still alive?

A batch is marked RUNNING (committed) before its one import transaction starts. If that process
dies — a restart, the OOM killer, SIGKILL — the transaction is rolled back by the database and
nothing is written, but the RUNNING mark stays. The worker therefore holds a lock that the
operating system or the database releases when it dies: a PostgreSQL session advisory lock, or
on SQLite (one host) an exclusive `flock` on a file under `var/locks/`. Anyone may then ask
whether a RUNNING batch still has its worker, and put a batch whose worker is gone back to READY
(`imports.services.batch_recover`), so it can be imported again.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

LOCK_SPACE = 7201 << 40  # advisory-lock keys of import batches: LOCK_SPACE + batch id


def _lock_file(batch_id: int) -> Path:
    folder = Path(settings.VAR_DIR) / "locks"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"import-batch-{batch_id}.lock"


def _postgres() -> bool:
    return connections[DEFAULT_DB_ALIAS].vendor == "postgresql"


@contextmanager
def worker_lock(batch_id: int) -> Iterator[None]:
    """Held by the process importing the batch for as long as it runs."""
    if _postgres():
        connection = connections[DEFAULT_DB_ALIAS]
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [LOCK_SPACE + batch_id])
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK_SPACE + batch_id])
        return
    fd = os.open(_lock_file(batch_id), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def worker_alive(batch_id: int) -> bool:
    """Whether some process holds the batch's worker lock."""
    if _postgres():
        side = connections.create_connection(DEFAULT_DB_ALIAS)
        try:
            with side.cursor() as cursor:
                cursor.execute("SELECT pg_try_advisory_lock(%s)", [LOCK_SPACE + batch_id])
                (free,) = cursor.fetchone()
                if free:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK_SPACE + batch_id])
            return not free
        finally:
            side.close()
    fd = os.open(_lock_file(batch_id), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False
