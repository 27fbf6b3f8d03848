"""The one counter service: numbers in order per scope and year, given back on rollback, and
blocks for bulk loads."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from huajie.common.counters import counter_next, counter_reserve
from huajie.common.models import Counter

pytestmark = pytest.mark.django_db


def test_numbers_follow_each_other_per_scope_and_year():
    assert [counter_next(key="a", year=2026) for _ in range(3)] == [1, 2, 3]
    assert counter_next(key="b", year=2026) == 1
    assert counter_next(key="a", year=2027) == 1
    assert counter_next(key="a", year=2026) == 4
    assert Counter.objects.get(key="a", year=2026).last == 4


def test_a_number_after_the_first_is_one_statement():
    counter_next(key="a", year=2026)
    with CaptureQueriesContext(connection) as queries:
        assert counter_next(key="a", year=2026) == 2
    assert len(queries) == 1 and queries[0]["sql"].startswith("UPDATE")


def test_a_rolled_back_transaction_gives_its_number_back():
    counter_next(key="a", year=2026)
    with pytest.raises(RuntimeError), transaction.atomic():
        assert counter_next(key="a", year=2026) == 2
        raise RuntimeError("the record could not be saved")
    assert counter_next(key="a", year=2026) == 2


def test_a_rolled_back_first_number_leaves_no_counter():
    with pytest.raises(RuntimeError), transaction.atomic():
        counter_next(key="a", year=2026)
        raise RuntimeError("the record could not be saved")
    assert not Counter.objects.exists()
    assert counter_next(key="a", year=2026) == 1


def test_a_block_is_reserved_and_the_next_number_follows_it():
    assert counter_reserve(key="a", year=2026, count=5) == 1
    assert counter_next(key="a", year=2026) == 6
    assert counter_reserve(key="a", year=2026, count=3) == 7
    assert counter_next(key="a", year=2026) == 10
    with pytest.raises(ValueError):
        counter_reserve(key="a", year=2026, count=0)
