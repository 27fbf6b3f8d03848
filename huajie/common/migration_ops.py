"""Migration helpers shared by every app.

`append_only(table)` makes the database itself refuse changes to an append-only table (timelines,
the security audit trail). SQLite: a trigger aborts every UPDATE (no DELETE trigger: Django's test
flush empties tables with DELETE on SQLite). PostgreSQL: a trigger aborts UPDATE and DELETE (the
flush uses TRUNCATE, which row triggers do not see). On SQLite, a later migration that rebuilds
the table (most `AlterField`s do) drops the trigger: run `append_only(table)` again after it.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations


def _statements(table: str) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    forward = {
        "sqlite": [
            f"DROP TRIGGER IF EXISTS {table}_no_update;",
            f"""CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table}
            BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END;""",
        ],
        "postgresql": [
            f"""CREATE OR REPLACE FUNCTION {table}_append_only() RETURNS trigger AS $$
            BEGIN RAISE EXCEPTION '{table} is append-only'; END; $$ LANGUAGE plpgsql;""",
            f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};",
            f"""CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}
            FOR EACH ROW EXECUTE FUNCTION {table}_append_only();""",
        ],
    }
    reverse = {
        "sqlite": [f"DROP TRIGGER IF EXISTS {table}_no_update;"],
        "postgresql": [
            f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};",
            f"DROP FUNCTION IF EXISTS {table}_append_only();",
        ],
    }
    return forward, reverse


def _run(statements: dict[str, list[str]]) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


def append_only(table: str) -> migrations.RunPython:
    """An operation installing the append-only triggers on `table` (idempotent)."""
    forward, reverse = _statements(table)
    return migrations.RunPython(_run(forward), _run(reverse))
