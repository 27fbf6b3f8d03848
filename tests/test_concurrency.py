"""Concurrency on PostgreSQL: N clients take the same action on one case at the same moment —
exactly one succeeds, the others are told someone was first; N clerks register in one unit at
once — every number once, none skipped. Real threads, each with its own database connection,
released together by a barrier. (`make test-pg`; SQLite has a single writer, so the question
does not arise there.)"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.db import connection, connections
from rest_framework.test import APIClient

from huajie.orgs.models import Role, RoleCode, User
from huajie.orgs.tests.factories import VALID_IDS, make_user
from huajie.petitions.models import Petition, PetitionEvent
from huajie.petitions.states import Status
from huajie.petitions.tests.factories import County, make_county, register

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="concurrency needs several writers at once: PostgreSQL only (make test-pg)",
    ),
]

N = 8
ACCEPTED_ON = date(2025, 10, 9)


def together(work: Callable[[int], Any], n: int = N) -> list[Any]:
    """Run work(0..n-1) in n threads released at the same instant; their results in order."""
    barrier = threading.Barrier(n)
    results: list[Any] = [None] * n

    def run(i: int) -> None:
        try:
            barrier.wait()
            results[i] = work(i)
        except Exception as exc:  # noqa: BLE001 - reported by the test
            results[i] = exc
        finally:
            connections.close_all()  # this thread's connection

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results


@pytest.fixture
def c() -> County:
    for code, label in RoleCode.choices:
        Role.objects.get_or_create(code=code, defaults={"name": label})
    return make_county()


def client_for(user: User) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


def test_the_same_action_taken_n_times_at_once_succeeds_once(c: County) -> None:
    p = register(c)
    events = PetitionEvent.objects.filter(petition=p).count()
    body = {"version": p.version, "on": "2025-10-09"}

    def accept(_: int) -> tuple[int, str]:
        response = client_for(c.clerk).post(
            f"/api/v1/petitions/{p.pk}/actions/accept/", body, format="json"
        )
        return response.status_code, response.json().get("code", "")

    answers = together(accept)
    codes = Counter(a[0] for a in answers)
    assert codes[200] == 1, answers
    assert codes[409] == N - 1, answers  # "someone changed it first: reload"
    assert {a[1] for a in answers if a[0] == 409} == {"stale_version"}
    p.refresh_from_db()
    assert p.status == Status.ACCEPTED and p.version == 2
    assert PetitionEvent.objects.filter(petition=p).count() == events + 1


def test_parallel_registrations_in_one_unit_number_once_each(c: County) -> None:
    clerks = [c.clerk] + [make_user(c.office, RoleCode.CLERK) for _ in range(N - 1)]

    def register_one(i: int) -> int:
        body = {
            "channel": "visit",
            "petition_class": "complaint",
            "title": f"同时登记的第{i}件",
            "content": "多个窗口同时登记，编号不得重复或跳号。",
            "received_on": "2025-10-17",
            "petitioners": [{"name": f"信访人{i}", "id_number": VALID_IDS[i % len(VALID_IDS)]}],
        }
        response = client_for(clerks[i]).post("/api/v1/petitions/", body, format="json")
        assert response.status_code == 201, response.content
        return int(response.json()["id"])

    ids = together(register_one)
    assert all(isinstance(i, int) for i in ids), ids
    seqs = sorted(Petition.objects.filter(pk__in=ids).values_list("reg_seq", flat=True))
    assert seqs == list(range(1, N + 1))  # no duplicate, none skipped
    numbers = Petition.objects.filter(pk__in=ids).values_list("reg_no", flat=True)
    assert len(set(numbers)) == N


def test_parallel_issues_of_one_document_draw_one_number(c: County) -> None:
    from huajie.documents.models import IssuedDocument
    from huajie.petitions.services import petition_accept

    p = register(c)
    petition_accept(petition=p, acting_user=c.clerk, expected_version=p.version, on=ACCEPTED_ON)

    def issue(_: int) -> int:
        response = client_for(c.clerk).post(
            f"/api/v1/documents/petition/{p.pk}/acceptance/issue/", {}, format="json"
        )
        return response.status_code, response.json()

    answers = together(issue)
    codes = Counter(a[0] for a in answers)
    assert codes[201] == 1 and codes[200] == N - 1, answers  # 200: issued before, same number
    assert len({str(a[1].get("number")) for a in answers}) == 1, answers
    assert IssuedDocument.objects.filter(target_id=p.pk, kind="acceptance").count() == 1
