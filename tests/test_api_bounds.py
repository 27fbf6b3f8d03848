"""Inputs that once were server errors (issue 10 item 10, found by schema-driven fuzzing) are
refusals or answers, never a 500."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from huajie.orgs.tests.factories import make_county


@pytest.fixture
def client(db: None) -> APIClient:
    c = make_county()
    api = APIClient()
    api.force_authenticate(c.clerk)
    return api


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/petitions/?unit=1e20",
        "/api/v1/petitions/?category=1e20",
        "/api/v1/petitions/?unit=99999999999999999999999",
        "/api/v1/petitions/?page=99999999999999999999",
        "/api/v1/similarity/hot/?start=0001-01-05&end=0001-02-05",
        "/api/v1/similarity/hot/?start=9999-12-01&end=9999-12-31",
        "/api/v1/petitions/99999999999999999999999/",
        "/api/v1/calendar/deadline?start=9999-12-31&days=99999999&kind=calendar",
    ],
)
def test_out_of_range_query_is_not_a_server_error(client: APIClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code < 500, (url, response.status_code)


def test_huge_exclude_in_candidates_is_refused(client: APIClient) -> None:
    response = client.post(
        "/api/v1/similarity/candidates/",
        {"title": "拖欠工资", "content": "工地拖欠工资", "exclude": [10**30]},
        format="json",
    )
    assert response.status_code == 400, response.content


@pytest.mark.django_db
def test_duty_log_dated_before_2000_is_refused() -> None:
    """Schemathesis registered a call received in the year 456 (shown as +08:05:43, the local mean
    time of Shanghai then)."""
    from huajie.duty.tests.factories import make_duty_county

    d = make_duty_county()
    api = APIClient()
    api.force_authenticate(d.officer)
    body = {
        "channel": "call",
        "content": "来电反映水渠堵塞",
        "received_at": "0456-05-18T00:04:32+11:47",
    }
    response = api.post("/api/v1/duty/log/", body, format="json")
    assert response.status_code == 400, response.content
    assert "2000" in response.json()["fields"]["received_at"][0]
