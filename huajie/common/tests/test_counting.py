"""Register counts: exact below `COUNT_EXACT_UP_TO` rows, PostgreSQL's planner estimate above
(shown as "约"), exact on SQLite; the estimated queryset returns exactly the plain query's rows."""

from __future__ import annotations

import pytest
from django.db import connection

from huajie.common import counting
from huajie.common.counting import EstimatedCountQuerySet, is_estimated_count, with_estimated_count
from huajie.common.models import Counter

pytestmark = pytest.mark.django_db


@pytest.fixture
def counters() -> None:
    Counter.objects.bulk_create(Counter(key=f"k{i % 3}", year=2000 + i, last=i) for i in range(12))


def test_the_count_is_exact_below_the_cap(counters, monkeypatch):
    monkeypatch.setattr(counting, "COUNT_EXACT_UP_TO", 10**9)  # whatever the planner guesses
    qs = with_estimated_count(Counter.objects.filter(key="k0"), EstimatedCountQuerySet)
    assert qs.count() == 4
    assert not is_estimated_count(qs)


def test_above_the_cap_postgresql_gives_the_planners_estimate(counters, monkeypatch):
    monkeypatch.setattr(counting, "COUNT_EXACT_UP_TO", 0)
    qs = with_estimated_count(Counter.objects.all(), EstimatedCountQuerySet)
    counted = qs.count()
    if connection.vendor == "postgresql":
        assert counted >= 1
        assert is_estimated_count(qs)
    else:
        assert counted == 12
        assert not is_estimated_count(qs)


def test_a_sliced_or_fetched_queryset_counts_exactly(counters, monkeypatch):
    monkeypatch.setattr(counting, "COUNT_EXACT_UP_TO", 0)
    qs = with_estimated_count(Counter.objects.order_by("last"), EstimatedCountQuerySet)
    assert qs[:5].count() == 5
    list(qs)
    assert qs.count() == 12
    assert not is_estimated_count(qs)


def test_the_estimated_queryset_keeps_filters_order_and_class_through_chaining(counters):
    plain = Counter.objects.filter(year__gte=2001).exclude(key="k1").order_by("-last")
    qs = with_estimated_count(plain, EstimatedCountQuerySet)
    assert list(qs.values_list("last", flat=True)) == list(plain.values_list("last", flat=True))
    assert isinstance(qs.filter(key="k0"), EstimatedCountQuerySet)


def test_an_empty_queryset_counts_nothing(counters, monkeypatch):
    monkeypatch.setattr(counting, "COUNT_EXACT_UP_TO", 0)
    assert with_estimated_count(Counter.objects.none(), EstimatedCountQuerySet).count() == 0
    assert (
        with_estimated_count(Counter.objects.filter(pk__in=[]), EstimatedCountQuerySet).count() == 0
    )
