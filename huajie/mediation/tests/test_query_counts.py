"""The ledger and the dispute page run a fixed number of queries, whatever the rows hold."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from huajie.common import counting

from .factories import make_town
from .test_services import written

pytestmark = pytest.mark.django_db


def count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@time_machine.travel(date(2025, 12, 20))
def test_fixed_query_counts() -> None:
    t = make_town()
    d = written(t)
    c = Client()
    c.force_login(t.town_leader)
    count(c, f"/mediation/{d.pk}/")  # warms the content-type cache
    ledger_one = count(c, "/mediation/")
    page_one = count(c, f"/mediation/{d.pk}/")
    for _ in range(5):
        written(t)
    assert count(c, "/mediation/") == ledger_one
    assert count(c, f"/mediation/{d.pk}/") == page_one
    assert ledger_one <= 12, ledger_one
    assert page_one <= 25, page_one


@time_machine.travel(date(2025, 12, 20))
def test_a_large_register_says_about_and_the_api_says_estimated(monkeypatch) -> None:
    """Above `COUNT_EXACT_UP_TO` rows PostgreSQL's estimate is the count, shown as "约"; SQLite
    (and any count below the cap) is exact."""
    t = make_town()
    for _ in range(3):
        written(t)
    c = Client()
    c.force_login(t.town_leader)
    page = c.get("/mediation/").content.decode()
    assert "共 3 条" in page
    assert c.get("/api/v1/mediation/disputes/").json()["count_estimated"] is False
    monkeypatch.setattr(counting, "COUNT_EXACT_UP_TO", 0)
    page = c.get("/mediation/").content.decode()
    body = c.get("/api/v1/mediation/disputes/").json()
    if connection.vendor == "postgresql":
        assert "共 约 " in page
        assert body["count_estimated"] is True
    else:
        assert "共 3 条" in page
        assert body["count_estimated"] is False and body["count"] == 3
