"""Bulk writers: PostgreSQL COPY and SQLite executemany, on a connection of their own in a
writer thread, so the database works on one batch while Python builds the next (the drivers
release the GIL while the database works: on two cores the two overlap).

Rows arrive as tuples already in the writer's value conventions (`NULL`, `TRUE`, `FALSE`, text
through `escape`), so writing is a join or a straight bind — no per-value conversion.

Primary keys of petitions and petitioners are reserved up front on Django's connection
(PostgreSQL: `nextval` of the table's own sequence; SQLite: by advancing `sqlite_sequence`, which
AUTOINCREMENT respects), so registrations made meanwhile never take a generated key. Other
tables take their keys from the database.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Sequence
from typing import Any

from django.db import connection, transaction

Row = tuple[Any, ...]
Table = tuple[str, Sequence[str], list[Row]]


class Writer:
    vendor = ""
    NULL: Any = None
    TRUE: Any = 1
    FALSE: Any = 0
    tz_suffix = ""

    def __init__(self) -> None:
        self._queue: queue.Queue[list[Table] | None] = queue.Queue(maxsize=2)
        self._error: BaseException | None = None
        self._thread: threading.Thread | None = None
        self.seconds_waiting = 0.0

    def escape(self, text: str) -> str:
        return text

    def timestamp(self, day: str, clock: str) -> str:
        """A UTC timestamp for `day` ("2026-01-05") at `clock` ("08:30:00")."""
        return f"{day} {clock}{self.tz_suffix}"

    def reserve(self, table: str, n: int) -> list[int]:
        raise NotImplementedError

    # -- the writer thread -----------------------------------------------------------------------
    def start(self) -> None:
        raw = connection.get_new_connection(connection.get_connection_params())
        self._thread = threading.Thread(target=self._run, args=(raw,), daemon=True)
        self._thread.start()

    def put(self, tables: list[Table]) -> None:
        self._check()
        self._queue.put(tables)

    def close(self) -> None:
        self._queue.put(None)
        if self._thread is not None:
            self._thread.join()
        self._check()

    def _check(self) -> None:
        if self._error is not None:
            raise RuntimeError(f"generate_data: writing failed: {self._error}") from self._error

    def _run(self, raw: Any) -> None:
        try:
            self._session(raw)
            while (tables := self._queue.get()) is not None:
                self._write(raw, tables)
        except BaseException as exc:  # handed to the main thread by `put`/`close`
            self._error = exc
            while self._queue.get() is not None:  # let the producer finish and see the error
                pass
        finally:
            raw.close()

    def _session(self, raw: Any) -> None:
        """Session settings for the load."""

    def _write(self, raw: Any, tables: list[Table]) -> None:
        raise NotImplementedError

    def finish(self, tables: Sequence[str], *, vacuum: bool = False) -> float:
        """Refresh planner statistics after the load; with `vacuum` (PostgreSQL) also mark the
        new pages all-visible, which index-only scans need. Returns the seconds it took."""
        began = time.perf_counter()
        command = "VACUUM (ANALYZE)" if vacuum and self.vendor == "postgresql" else "ANALYZE"
        with connection.cursor() as cursor:
            for table in tables:
                cursor.execute(f"{command} {table}")
        return time.perf_counter() - began


class SqliteWriter(Writer):
    vendor = "sqlite"

    def reserve(self, table: str, n: int) -> list[int]:
        with connection.cursor() as cursor:  # another worker may be writing a batch
            cursor.execute("PRAGMA busy_timeout = 600000")
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"SELECT coalesce(max(id), 0) FROM {table}")  # noqa: S608
            top = cursor.fetchone()[0]
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            seq = cursor.fetchone()
            first = max(top, seq[0] if seq else 0) + 1
            if seq:
                cursor.execute(
                    "UPDATE sqlite_sequence SET seq = %s WHERE name = %s", [first + n - 1, table]
                )
            else:
                cursor.execute(
                    "INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)",
                    [table, first + n - 1],
                )
        return list(range(first, first + n))

    def _session(self, raw: Any) -> None:
        raw.isolation_level = None  # explicit BEGIN/COMMIT below
        raw.execute("PRAGMA cache_size = -524288")  # 512 MiB of page cache for the load
        raw.execute("PRAGMA temp_store = MEMORY")
        raw.execute("PRAGMA busy_timeout = 600000")  # other workers write batches meanwhile

    def _write(self, raw: Any, tables: list[Table]) -> None:
        raw.execute("BEGIN IMMEDIATE")
        try:
            for table, columns, rows in tables:
                if rows:
                    marks = ", ".join("?" * len(columns))
                    names = ", ".join(f'"{c}"' for c in columns)
                    sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608
                    raw.executemany(sql, rows)
        except BaseException:
            raw.execute("ROLLBACK")
            raise
        raw.execute("COMMIT")


_PG_ESCAPE = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


class PostgresWriter(Writer):
    vendor = "postgresql"
    NULL = "\\N"
    TRUE = "t"
    FALSE = "f"
    tz_suffix = "+00"
    chunk_rows = 5000

    def escape(self, text: str) -> str:
        return text.translate(_PG_ESCAPE)

    def reserve(self, table: str, n: int) -> list[int]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, n],
            )
            return [r[0] for r in cursor.fetchall()]

    def _session(self, raw: Any) -> None:
        with raw.cursor() as cursor:
            # A crash may lose the last batches of a synthetic load, never corrupt the database.
            cursor.execute("SET synchronous_commit = off")
            # Let the word index (GIN) collect more new entries before merging them.
            cursor.execute("SET gin_pending_list_limit = '64MB'")
        raw.commit()

    def _write(self, raw: Any, tables: list[Table]) -> None:
        try:
            with raw.cursor() as cursor:
                for table, columns, rows in tables:
                    if rows:
                        self._copy(cursor, table, columns, rows)
        except BaseException:
            raw.rollback()
            raise
        raw.commit()

    def _copy(self, cursor: Any, table: str, columns: Sequence[str], rows: list[Row]) -> None:
        names = ", ".join(f'"{c}"' for c in columns)
        with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for start in range(0, len(rows), self.chunk_rows):
                chunk = rows[start : start + self.chunk_rows]
                copy.write("".join(["\t".join(map(str, row)) + "\n" for row in chunk]))


def writer_for_connection() -> Writer:
    connection.ensure_connection()
    if connection.vendor == "postgresql":
        return PostgresWriter()
    if connection.vendor == "sqlite":
        return SqliteWriter()
    raise NotImplementedError(
        f"generate_data writes with PostgreSQL COPY or SQLite executemany; {connection.vendor} "
        "is not supported."
    )
