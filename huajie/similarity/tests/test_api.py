"""The API: candidates by POST, links both ways round, hot issues; errors in Chinese."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from huajie.petitions.models import PetitionEvent
from huajie.petitions.tests.factories import VALID_IDS, make_county
from huajie.similarity.models import PetitionLink

from .factories import OIL_SMOKE, OIL_SMOKE_AGAIN, signed

pytestmark = pytest.mark.django_db


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_candidates_are_posted_and_answered_with_reason_and_score():
    c = make_county()
    first = signed(c, *OIL_SMOKE)
    response = _client(c.clerk).post(
        "/api/v1/similarity/candidates/",
        {"title": OIL_SMOKE_AGAIN[0], "content": OIL_SMOKE_AGAIN[1], "id_numbers": [VALID_IDS[0]]},
        format="json",
    )
    assert response.status_code == 200
    [candidate] = response.json()
    assert candidate["petition"]["reg_no"] == first.reg_no
    assert candidate["reason"] == "same_petitioner" and 0 < candidate["score"] <= 1


def test_links_are_created_listed_and_removed_through_the_api():
    c = make_county()
    first = signed(c, *OIL_SMOKE)
    second = signed(c, *OIL_SMOKE_AGAIN)
    client = _client(c.clerk)
    url = f"/api/v1/similarity/petitions/{second.pk}/links/"
    created = client.post(url, {"other_reg_no": first.reg_no, "kind": "duplicate"}, format="json")
    assert created.status_code == 201
    assert created.json()[0]["other"]["reg_no"] == first.reg_no
    again = client.post(url, {"other_reg_no": first.reg_no, "kind": "related"}, format="json")
    assert again.status_code == 400 and again.json()["code"] == "link_exists"
    assert "无需重复标记" in again.json()["message"]
    listed = client.get(f"/api/v1/similarity/petitions/{first.pk}/links/").json()
    assert listed[0]["relation"] == "其为本件的重复件"
    removed = client.delete(f"/api/v1/similarity/petitions/{first.pk}/links/{second.pk}/")
    assert removed.status_code == 204 and not PetitionLink.objects.exists()
    assert PetitionEvent.objects.filter(action__in=["link", "unlink"]).count() == 4


def test_a_case_out_of_sight_is_not_found():
    c = make_county()
    first = signed(c, *OIL_SMOKE)
    response = _client(c.outsider).get(f"/api/v1/similarity/petitions/{first.pk}/links/")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_hot_issues_answer_the_window_and_refuse_half_a_custom_range():
    c = make_county()
    client = _client(c.county_leader)
    body = client.get(
        "/api/v1/similarity/hot/", {"start": "2025-09-01", "end": "2025-09-30"}
    ).json()
    assert body["start"] == "2025-09-01" and body["issues"] == []
    refused = client.get("/api/v1/similarity/hot/", {"start": "2025-09-01"})
    assert refused.status_code == 400 and refused.json()["code"] == "validation_error"
