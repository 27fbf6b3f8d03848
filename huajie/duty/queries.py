"""Database expressions the duty reads and writes share."""

from __future__ import annotations

from typing import Any

from django.db.models import BigIntegerField, Func


class Epoch(Func):
    """A timestamp column as whole seconds since 1970 (UTC), computed by the database: the
    matrix compares integers instead of converting 21,000 datetimes row by row."""

    output_field = BigIntegerField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler, connection, template="CAST(strftime('%%%%s', %(expressions)s) AS integer)"
        )

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler, connection, template="CAST(EXTRACT(EPOCH FROM %(expressions)s) AS bigint)"
        )
