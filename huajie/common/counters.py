"""The one counter service: yearly sequence numbers per scope (a unit's registrations, a unit's
documents of one kind, …), gap-free and never handed out twice.

A number is drawn with a single `UPDATE … RETURNING`: the statement both advances the row and
locks it until the caller's transaction ends, so concurrent callers queue on the row and a
rolled-back caller gives its number back. Only the scope's first number of a year creates the row
(under a lock). Call these inside the transaction that stores the number.
"""

from __future__ import annotations

from django.db import connection, transaction

from .models import Counter

_ADVANCE = (
    'UPDATE "common_counter" SET "last" = "last" + %s '
    'WHERE "key" = %s AND "year" = %s RETURNING "last"'
)


def counter_next(*, key: str, year: int) -> int:
    """The next number of `key` in `year` (1 for the first)."""
    return _advance(key, year, 1)


def counter_reserve(*, key: str, year: int, count: int) -> int:
    """Reserve `count` consecutive numbers of `key` in `year`; returns the first of them."""
    if count < 1:
        raise ValueError(f"count must be at least 1, not {count}")
    return _advance(key, year, count) - count + 1


def _advance(key: str, year: int, count: int) -> int:
    with connection.cursor() as cursor:
        cursor.execute(_ADVANCE, [count, key, year])
        row = cursor.fetchone()
    if row is not None:
        return int(row[0])
    with transaction.atomic():  # the scope's first number this year
        counter, _ = Counter.objects.select_for_update().get_or_create(key=key, year=year)
        counter.last += count
        counter.save(update_fields=["last"])
        return counter.last
