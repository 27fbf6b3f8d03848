"""The ledger and the dispute page run a fixed number of queries, whatever the rows hold."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

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
