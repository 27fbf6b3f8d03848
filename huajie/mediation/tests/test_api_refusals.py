"""Found by the authorization matrix: an empty registration body was a 500 (TypeError), not a
refusal."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from .factories import make_town


@pytest.mark.django_db
def test_empty_registration_is_a_sentence_not_a_server_error() -> None:
    t = make_town()
    client = APIClient()
    client.force_authenticate(t.village_mediator)
    response = client.post("/api/v1/mediation/disputes/", {}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] != "server_error"
    assert any("\u4e00" <= ch <= "\u9fff" for ch in body["message"]), body
