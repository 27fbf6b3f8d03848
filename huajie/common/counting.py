"""Counts for registers that never scan a huge result ("共约 730,000 条").

Django's Paginator and DRF's page pagination count the whole result on every page. On PostgreSQL
`EstimatedCountQuerySet.count()` asks the planner first (one EXPLAIN, about a millisecond): above
`COUNT_EXACT_UP_TO` rows its estimate is the count — "about 730,000" is what a person needs from a
count that large, and the last pages stay reachable by number — and below it the count is exact.
Other databases count exactly. `is_estimated_count(qs)` tells a view to say "约".

A count capped with LIMIT was tried first: the LIMIT steers the planner to merge joins that walk
the whole table (180 ms for the petitions' overdue filter at 100k cases).
"""

from __future__ import annotations

import json
from typing import Any, TypeVar

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Model, QuerySet

COUNT_EXACT_UP_TO = 5_000

_M = TypeVar("_M", bound=Model)


class EstimatedCountQuerySet(QuerySet[_M]):
    """A queryset whose unsliced `count()` is the planner's estimate when that is large."""

    _count_estimated = False

    def count(self) -> int:
        if (
            self._result_cache is not None
            or self.query.is_sliced
            or connections[self.db].vendor != "postgresql"
        ):
            return super().count()
        estimate = planner_rows(self)
        if estimate > COUNT_EXACT_UP_TO:
            self._count_estimated = True
            return estimate
        return super().count()


_Q = TypeVar("_Q", bound=EstimatedCountQuerySet[Any])


def with_estimated_count(qs: QuerySet[Any], cls: type[_Q]) -> _Q:
    """The same query (filters, order, joins, prefetches) as a queryset of `cls`, an
    `EstimatedCountQuerySet` or a subclass of it."""
    estimated = cls(model=qs.model, query=qs.query.chain(), using=qs.db)
    lookups = qs._prefetch_related_lookups  # type: ignore[attr-defined]  # kept on the queryset
    return estimated.prefetch_related(*lookups) if lookups else estimated


def planner_rows(qs: QuerySet[Any]) -> int:
    """PostgreSQL's estimate of the rows `qs` returns (`EXPLAIN`, nothing is executed)."""
    try:
        sql, params = qs.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:  # `none()`, or a filter on an empty list
        return 0
    with connections[qs.db].cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return int(plan[0]["Plan"]["Plan Rows"])


def is_estimated_count(qs: object) -> bool:
    """True when the last `count()` of this queryset was the planner's estimate."""
    return bool(getattr(qs, "_count_estimated", False))
