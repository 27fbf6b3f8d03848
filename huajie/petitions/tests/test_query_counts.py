"""Queries per page do not grow with the rows on it: the ledger, the case page and the API list
issue the same number of queries for 3 rows as for 30, so an N+1 cannot creep back unnoticed.
Also: the ledger's scale devices (capped count, deferred join for deep pages) return exactly what
a plain query returns."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from huajie.petitions import selectors
from huajie.petitions.models import EventKind, Petition
from huajie.petitions.selectors import LedgerFilters, petition_get_for_user, petition_list_for_user
from huajie.petitions.services import PetitionerInput, petition_accept
from huajie.petitions.services.events import event_add
from huajie.petitions.tests.factories import VALID_IDS, County, make_county, register

pytestmark = pytest.mark.django_db
MOMENT = datetime(2025, 10, 20, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def now():
    with time_machine.travel(MOMENT, tick=True):
        yield


@pytest.fixture
def c() -> County:
    return make_county()


def add_cases(c: County, n: int) -> list[Petition]:
    return [
        register(c, title=f"第{i}件 小区路灯不亮", received_on=date(2025, 10, 1 + i % 19))
        for i in range(n)
    ]


def queries(fn) -> int:
    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured.captured_queries)


def ledger_page(c: County, **filters: object) -> None:
    qs = petition_list_for_user(user=c.clerk, filters=LedgerFilters(**filters))  # type: ignore[arg-type]
    rows = list(qs[:25])
    for row in rows:  # what a ledger row shows
        str(row.unit), str(row.handling_unit), str(row.category), row.next_due  # type: ignore[attr-defined]
    qs.count()


@pytest.mark.parametrize(
    "filters", [{}, {"status": "registered"}, {"q": "路灯"}, {"clock": "on_time"}]
)
def test_ledger_page_queries_do_not_grow_with_rows(c, filters):
    add_cases(c, 3)
    few = queries(lambda: ledger_page(c, **filters))
    add_cases(c, 27)
    assert queries(lambda: ledger_page(c, **filters)) == few


def case_page(c: County, pk: int) -> None:
    petition = petition_get_for_user(user=c.clerk, pk=pk)
    for party in petition.parties.all():
        str(party.petitioner)
    for event in petition.events.all():
        str(event.actor)
    list(petition.clocks.all())
    list(petition.reviews.all())


def test_case_page_queries_do_not_grow_with_its_timeline_and_parties(c):
    few = register(c)
    many = register(
        c,
        petitioners=[
            PetitionerInput(name=f"信访人{i}", id_number=VALID_IDS[i])
            for i in range(len(VALID_IDS))
        ],
    )
    for petition, notes in ((few, 2), (many, 29)):
        for i in range(notes):
            event_add(petition=petition, kind=EventKind.NOTE, actor=c.clerk, text=f"调查记录{i}")
    assert queries(lambda: case_page(c, many.pk)) == queries(lambda: case_page(c, few.pk))


def test_api_list_queries_do_not_grow_with_rows(c):
    client = APIClient()
    client.force_authenticate(c.clerk)

    def page() -> None:
        response = client.get("/api/v1/petitions/")
        assert response.status_code == 200, response.content

    add_cases(c, 3)
    few = queries(page)
    add_cases(c, 27)
    assert queries(page) == few


def test_deep_page_returns_the_rows_of_a_plain_offset(c, monkeypatch):
    add_cases(c, 30)
    monkeypatch.setattr(selectors, "DEFERRED_JOIN_FROM", 5)
    ledger = petition_list_for_user(user=c.clerk)
    plain = list(Petition.objects.order_by("-received_on", "-id").values_list("pk", flat=True))
    assert [p.pk for p in ledger[10:20]] == plain[10:20]
    assert [p.pk for p in ledger[0:5]] == plain[0:5]


def test_count_is_exact_below_the_cap_and_estimated_above_it(c, monkeypatch):
    add_cases(c, 12)
    monkeypatch.setattr(selectors, "COUNT_EXACT_UP_TO", 1000)
    ledger = petition_list_for_user(user=c.clerk)
    assert ledger.count() == 12
    assert not selectors.is_estimated_count(ledger)
    monkeypatch.setattr(selectors, "COUNT_EXACT_UP_TO", 0)
    ledger = petition_list_for_user(user=c.clerk)
    counted = ledger.count()
    if connection.vendor == "postgresql":
        assert counted >= 1  # the planner's estimate
        assert selectors.is_estimated_count(ledger)
    else:
        assert counted == 12


def test_next_due_comparisons_agree_with_the_computed_next_due(c):
    """`next_due < / <= / >= / > day` is answered from the running clocks; it must select exactly
    the cases whose computed next due date compares so (cases without a running clock never)."""
    cases = add_cases(c, 6)
    petition_accept(petition=cases[0], acting_user=c.clerk, expected_version=None)
    ledger = petition_list_for_user(user=c.clerk)
    due = {p.pk: p.next_due for p in ledger}  # type: ignore[attr-defined]
    assert any(d is not None for d in due.values())
    for day in sorted({d for d in due.values() if d is not None}) + [date(2025, 1, 1)]:
        for op, test in (
            ("lt", lambda d, day=day: d < day),
            ("lte", lambda d, day=day: d <= day),
            ("gte", lambda d, day=day: d >= day),
            ("gt", lambda d, day=day: d > day),
        ):
            got = set(ledger.filter(**{f"next_due__{op}": day}).values_list("pk", flat=True))
            want = {pk for pk, d in due.items() if d is not None and test(d)}
            assert got == want, (op, day)
