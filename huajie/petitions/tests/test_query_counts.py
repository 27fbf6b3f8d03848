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

from huajie.common import counting
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
        str(row.unit), str(row.handling_unit), str(row.category), row.next_due
        str(row.handler), str(row.responsible_leader)
    qs.count()


@pytest.mark.parametrize(
    "filters", [{}, {"status": "registered"}, {"q": "路灯"}, {"clock": "on_time"}]
)
def test_ledger_page_queries_do_not_grow_with_rows(c, filters):
    def with_people() -> None:  # each row names its handler and leader (test set-up only)
        Petition.objects.update(handler=c.handler, responsible_leader=c.dept_leader)

    add_cases(c, 2)
    register(c, title="小区路灯不亮", received_on=date(2025, 10, 19))  # on time: no page is empty
    with_people()
    few = queries(lambda: ledger_page(c, **filters))
    add_cases(c, 27)
    with_people()
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
            PetitionerInput(name="刘桂兰" if i == 0 else f"信访人{i}", id_number=VALID_IDS[i])
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


def test_a_keyword_search_finds_its_keys_first_and_returns_the_plain_rows(c, monkeypatch):
    """Searches page keys-first at every depth (the planner cannot estimate a word's matches);
    the keys query must see the search filter itself — on PostgreSQL the filter is raw SQL that
    names the table, which inside a `pk IN (subquery)` had pointed at the outer row and returned
    nothing for deep pages."""
    cases = add_cases(c, 30)
    for petition in cases[::3]:
        register(c, title="井盖缺失 请尽快修复", received_on=petition.received_on)
    monkeypatch.setattr(selectors, "DEFERRED_JOIN_FROM", 5)
    plain = list(
        Petition.objects.filter(title__contains="井盖")
        .order_by("-received_on", "-id")
        .values_list("pk", flat=True)
    )
    assert len(plain) == 10
    ledger = petition_list_for_user(user=c.clerk, filters=LedgerFilters(q="井盖"))
    assert [p.pk for p in ledger[0:4]] == plain[0:4]
    assert [p.pk for p in ledger[6:10]] == plain[6:10]  # past DEFERRED_JOIN_FROM
    assert ledger.count() == 10


def test_count_is_exact_below_the_cap_and_estimated_above_it(c, monkeypatch):
    add_cases(c, 12)
    monkeypatch.setattr(counting, "COUNT_EXACT_UP_TO", 10**9)  # whatever the planner guesses
    ledger = petition_list_for_user(user=c.clerk)
    assert ledger.count() == 12
    assert not counting.is_estimated_count(ledger)
    monkeypatch.setattr(counting, "COUNT_EXACT_UP_TO", 0)
    ledger = petition_list_for_user(user=c.clerk)
    counted = ledger.count()
    if connection.vendor == "postgresql":
        assert counted >= 1  # the planner's estimate
        assert counting.is_estimated_count(ledger)
    else:
        assert counted == 12


def test_clock_filters_follow_the_stored_next_due(c):
    """Overdue / due soon / on time are comparisons of the case's `next_due` with today (the
    conftest checks that the column equals the running clocks after every test)."""
    cases = add_cases(c, 6)
    petition_accept(petition=cases[0], acting_user=c.clerk, expected_version=None)
    today = date(2025, 10, 20)
    due = {p.pk: p.next_due for p in petition_list_for_user(user=c.clerk)}
    assert any(d is not None for d in due.values())
    for state, test in (
        ("overdue", lambda d: d < today),
        ("due_soon", lambda d: today <= d <= date(2025, 10, 23)),
        ("on_time", lambda d: d > date(2025, 10, 23)),
    ):
        ledger = petition_list_for_user(
            user=c.clerk, filters=LedgerFilters(clock=state), today=today
        )
        want = {pk for pk, d in due.items() if d is not None and test(d)}
        assert set(ledger.values_list("pk", flat=True)) == want, state


def test_the_supervision_list_pages_through_its_groups_exactly(c):
    """The dashboard pages its list from the grouped counts (no query sorts every flagged case):
    pages of any size, for each grouping and state, concatenate to the plain ordering — groups
    by name (no leader last), then due date, then id — and agree with the counts."""
    from huajie.petitions.services import petition_assign

    early = [register(c, title=f"七月第{i}件", received_on=date(2025, 7, 1)) for i in range(7)]
    for i, petition in enumerate(early):
        petition_accept(
            petition=petition, acting_user=c.clerk, expected_version=None, on=date(2025, 7, 1)
        )
        if i % 2:
            petition_assign(
                petition=petition,
                acting_user=c.office_leader,
                expected_version=None,
                handling_unit=c.dept,
                responsible_leader=c.dept_leader,
                handler=c.handler,
                on=date(2025, 7, 2),
            )
    add_cases(c, 5)  # recent and not accepted: due soon or overdue on the routing limit
    today = date(2025, 10, 20)
    summary = selectors.supervision_summary_for_user(user=c.county_leader, today=today)
    flagged = list(
        Petition.objects.filter(next_due__lte=date(2025, 10, 23)).select_related(
            "unit", "handling_unit", "responsible_leader"
        )
    )
    assert summary.overdue + summary.due_soon == len(flagged) and summary.overdue >= 7
    assert len(summary.by_unit) == 2 and len(summary.by_leader) == 2
    for group in ("unit", "leader"):
        for state in ("", "overdue", "due_soon"):
            chosen = [
                p
                for p in flagged
                if not state or (state == "overdue") == (p.next_due < today)  # type: ignore[operator]
            ]

            def key(p: Petition, group: str = group) -> tuple:
                if group == "unit":
                    return (False, (p.handling_unit or p.unit).name, p.next_due, p.pk)
                leader = p.responsible_leader
                name = (leader.full_name or leader.username) if leader else ""
                return (leader is None, name, p.next_due, p.pk)

            want = [p.pk for p in sorted(chosen, key=key)]
            listed = selectors.SupervisionList(
                user=c.county_leader, summary=summary, state=state, group=group
            )
            assert listed.count() == len(want)
            for size in (1, 3, 50):
                got = [
                    p.pk
                    for start in range(0, len(want), size)
                    for p in listed[start : start + size]
                ]
                assert got == want, (group, state, size)


def test_supervision_page_queries_do_not_grow_with_flagged_cases(c, client):
    client.force_login(c.county_leader)

    def page() -> None:
        response = client.get("/petitions/supervision/", {"group": "leader"})
        assert response.status_code == 200

    for _ in range(3):
        register(c, received_on=date(2025, 9, 1))
    few = queries(page)
    for i in range(27):
        register(c, received_on=date(2025, 9, 1 + i % 20))
    assert (
        selectors.supervision_summary_for_user(user=c.county_leader, today=MOMENT.date()).overdue
        >= 30
    )
    assert queries(page) == few


def test_accepting_a_case_writes_its_row_once_in_a_handful_of_queries(c):
    """The workflow engine: one read of the clocks, the rule and calendar lookups, one UPDATE of
    the case (status, version and next due together), one UPDATE and one INSERT of clocks, the
    event — 19 queries and four writes of the case row before the shared engine."""
    petition = petition_get_for_user(user=c.clerk, pk=register(c).pk)
    with CaptureQueriesContext(connection) as captured:
        petition_accept(petition=petition, acting_user=c.clerk, expected_version=petition.version)
    statements = [q["sql"] for q in captured.captured_queries if "SAVEPOINT" not in q["sql"]]
    case_writes = [sql for sql in statements if sql.startswith('UPDATE "petitions_petition"')]
    assert len(statements) <= 8, "\n".join(statements)
    assert len(case_writes) == 1
