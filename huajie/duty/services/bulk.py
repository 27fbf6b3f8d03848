"""Multi-row writes of plain values, for generating rosters in bulk.

The ORM's `bulk_create` builds an object and compiles a placeholder per field and row, and one
statement per row is a round trip per row on PostgreSQL; here rows go in as tuples of values the
database takes as they are: on SQLite 500 rows a statement, the new ids coming back with
`RETURNING` (what `bulk_create` itself relies on for SQLite ≥ 3.35: the ids in the order of the
rows); on PostgreSQL one COPY per table, the ids drawn from the table's sequence first."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any

from django.db import connection

ROWS_PER_STATEMENT = 500


def insert(
    table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]], *, returning: bool = False
) -> list[int]:
    """Insert `rows` (values in the order of `columns`); the new ids when `returning`.

    On SQLite the statements go to the driver's cursor with its own `?` placeholders: Django's
    cursor rewrites every `%s` of every statement with a regular expression, 0.2 s of a year's
    generation for 300 units. On PostgreSQL the rows go in with COPY (`_copy`): a 500-row
    statement's 4,500 placeholders are parsed in Python by the driver, statement by statement
    (10 s of client CPU for that year). Same connection, same transaction."""
    if connection.vendor == "postgresql":
        return _copy(table, columns, rows, returning=returning)
    q = connection.ops.quote_name
    head = f"INSERT INTO {q(table)} ({', '.join(q(c) for c in columns)}) VALUES "  # noqa: S608 - names from the model
    tail = f" RETURNING {q('id')}" if returning else ""
    mark = "?" if connection.vendor == "sqlite" else "%s"
    one = "(" + ", ".join([mark] * len(columns)) + ")"
    ids: list[int] = []
    batch: list[Any] = []
    n = 0
    with _cursor() as cursor:

        def flush() -> None:
            cursor.execute(head + ", ".join([one] * n) + tail, batch)
            if returning:
                ids.extend(row[0] for row in cursor.fetchall())

        for row in rows:
            batch.extend(row)
            n += 1
            if n == ROWS_PER_STATEMENT:
                flush()
                batch, n = [], 0
        if n:
            flush()
    return ids


def _copy(
    table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]], *, returning: bool
) -> list[int]:
    """COPY … FROM STDIN; with `returning`, the ids are drawn from the table's sequence first
    (one `nextval` per row, in one query) and written with the rows."""
    q = connection.ops.quote_name
    rows = list(rows)
    ids: list[int] = []
    with connection.cursor() as cursor:
        if returning:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [q(table), len(rows)],
            )
            ids = [row[0] for row in cursor.fetchall()]
            columns = ("id", *columns)
            rows = [(pk, *row) for pk, row in zip(ids, rows, strict=True)]
        names = ", ".join(q(c) for c in columns)
        with cursor.cursor.copy(f"COPY {q(table)} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    return ids


@contextmanager
def gc_paused() -> Iterator[None]:
    """Python's cycle collector paused for a bulk pass. A year for 300 units allocates about a
    million tuples, lists and dicts, none in a reference cycle, and each allocation burst sets
    off collections that walk every object the process holds: a third of the pass's CPU time
    (docs/performance.md, "Duty"). Process-wide while it lasts (seconds); what other threads
    leave behind is collected as soon as it ends."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextmanager
def _cursor() -> Iterator[Any]:
    if connection.vendor != "sqlite":
        with connection.cursor() as cursor:
            yield cursor
        return
    connection.ensure_connection()
    cursor = connection.connection.cursor()
    try:
        yield cursor
    finally:
        cursor.close()


def datetime_adapter() -> Callable[[datetime], Any]:
    """How a datetime goes into the database, looked up once (the connection proxy is a
    thread-local look-up per attribute): SQLite keeps UTC text (what Django's adapter writes,
    without its per-value checks), PostgreSQL takes the aware value."""
    if connection.vendor == "sqlite" and connection.timezone == UTC:
        return lambda moment: str(moment.astimezone(UTC).replace(tzinfo=None))
    return connection.ops.adapt_datetimefield_value


def datetime_value(moment: datetime) -> Any:
    return datetime_adapter()(moment)


def date_value(day: date) -> Any:
    return connection.ops.adapt_datefield_value(day)
