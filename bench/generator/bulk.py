"""Bulk mode: load without the secondary indexes and the word index, then build them once.

Maintaining ~15 b-tree indexes and the word index (~140 search terms a case) row by row costs
more than everything else the load does; building each index once from the loaded table is a
sort. Only indexes that back nothing are dropped: primary keys, unique indexes and constraints
stay, so the load is checked as always. Their definitions are read from the database just
before (PostgreSQL `pg_get_indexdef`, SQLite `sqlite_master.sql`) — what the migrations made —
and run again verbatim (with IF NOT EXISTS) afterwards.

SQLite's word index is the FTS5 table `petitions_search` (migration 0004): its insert trigger is
dropped for the load and re-created, then the index is rebuilt from the table once, which also
covers any case registered while the trigger was away. PostgreSQL's word index is the GIN index
over the stored `search_vector` column (migration 0006); the column itself is computed by
PostgreSQL during COPY whatever we do.

The definitions are also written to a file under VAR_DIR before anything is dropped, and removed
once everything is back, so a load that was killed outright (no `finally`) is repaired by the
next `generate_data` run.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction

FTS_TABLE = "petitions_search"
FTS_INSERT_TRIGGER = "petitions_search_ai"
_CREATE = re.compile(r"^\s*CREATE\s+(UNIQUE\s+)?(INDEX|TRIGGER)\s+(?!IF\s+NOT\s+EXISTS)", re.I)


@dataclass
class Dropped:
    """What bulk mode took away, as the statements that make it again."""

    vendor: str
    statements: list[str] = field(default_factory=list)


def if_not_exists(sql: str) -> str:
    return _CREATE.sub(lambda m: f"CREATE {m.group(1) or ''}{m.group(2)} IF NOT EXISTS ", sql)


def _state_file() -> Path:
    name = str(connection.settings_dict["NAME"])
    key = hashlib.sha256(f"{connection.vendor}:{name}".encode()).hexdigest()[:16]
    return Path(settings.VAR_DIR) / "generate_data" / f"dropped-{key}.json"


def _remember(dropped: Dropped) -> None:
    path = _state_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"vendor": dropped.vendor, "statements": dropped.statements}))


def interrupted_load() -> Dropped | None:
    """The indexes an earlier load dropped and never put back (it was killed), if any."""
    path = _state_file()
    if not path.exists():
        return None
    data = json.loads(path.read_text())
    return Dropped(vendor=data["vendor"], statements=list(data["statements"]))


def drop(tables: Sequence[str]) -> Dropped:
    """Drop the secondary indexes of `tables` (and SQLite's FTS insert trigger)."""
    if connection.vendor == "postgresql":
        indexes = _pg_definitions(tables)
        names = [f'"{name}"' for name, _ in indexes]
        dropped = Dropped("postgresql", [sql for _, sql in indexes])
        _remember(dropped)
        with transaction.atomic(), connection.cursor() as cursor:
            if names:
                cursor.execute(f"DROP INDEX {', '.join(names)}")
        return dropped
    found = _sqlite_definitions(tables)
    dropped = Dropped("sqlite", [sql for _, _, sql in found])
    _remember(dropped)
    with transaction.atomic(), connection.cursor() as cursor:
        for kind, name, _ in found:
            cursor.execute(f'DROP {kind.upper()} "{name}"')
    return dropped


def restore(dropped: Dropped, *, say: Callable[[str], None]) -> float:
    """Build again what `drop` removed; returns the seconds it took."""
    began = time.perf_counter()
    if dropped.vendor == "postgresql":
        _pg_build([if_not_exists(sql) for sql in dropped.statements], say)
    else:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("PRAGMA threads = 2")  # sorter threads for CREATE INDEX
            for sql in dropped.statements:
                cursor.execute(if_not_exists(sql))
            say(f"索引已重建 indexes rebuilt in {time.perf_counter() - began:.1f}s")
            if any(FTS_INSERT_TRIGGER in sql for sql in dropped.statements):
                cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")  # noqa: S608
                say(f"全文索引已重建 word index rebuilt, {time.perf_counter() - began:.1f}s")
    _state_file().unlink(missing_ok=True)
    return time.perf_counter() - began


def _pg_definitions(tables: Sequence[str]) -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT ix.relname, pg_get_indexdef(i.indexrelid)
            FROM pg_index i
            JOIN pg_class ix ON ix.oid = i.indexrelid
            JOIN pg_class t ON t.oid = i.indrelid
            WHERE t.relname = ANY(%s) AND pg_table_is_visible(t.oid)
              AND NOT i.indisunique AND NOT i.indisprimary
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
            ORDER BY t.relname, ix.relname
            """,
            [list(tables)],
        )
        return [(str(name), str(sql)) for name, sql in cursor.fetchall()]


def _sqlite_definitions(tables: Sequence[str]) -> list[tuple[str, str, str]]:
    marks = ", ".join(["%s"] * len(tables))
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT type, name, sql FROM sqlite_master
            WHERE tbl_name IN ({marks}) AND sql IS NOT NULL
              AND ((type = 'index' AND upper(sql) NOT LIKE 'CREATE UNIQUE%%')
                   OR (type = 'trigger' AND name = %s))
            ORDER BY type, name
            """,  # noqa: S608 - only placeholders are formatted in
            [*tables, FTS_INSERT_TRIGGER],
        )
        return [(str(k), str(n), str(s)) for k, n, s in cursor.fetchall()]


def _pg_build(statements: list[str], say: Callable[[str], None]) -> None:
    """Two connections build at once (PostgreSQL builds a GIN index on one core; the b-tree
    indexes go on the other meanwhile): the largest index first, then whichever is free takes
    the next."""
    pending = sorted(statements, key=lambda sql: " USING gin " not in sql)  # GIN first
    lock = threading.Lock()
    errors: list[BaseException] = []

    def build() -> None:
        raw: Any = connection.get_new_connection(connection.get_connection_params())
        try:
            raw.autocommit = True
            with raw.cursor() as cursor:
                cursor.execute("SET maintenance_work_mem = '1GB'")
                cursor.execute("SET max_parallel_maintenance_workers = 1")
                while not errors:
                    with lock:
                        if not pending:
                            return
                        sql = pending.pop(0)
                    began = time.perf_counter()
                    cursor.execute(sql)
                    say(f"  {time.perf_counter() - began:5.1f}s {sql[:90]}")
        except BaseException as exc:
            errors.append(exc)
        finally:
            raw.close()

    threads = [threading.Thread(target=build) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
