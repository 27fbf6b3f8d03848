"""Every full view of a person's ID and phone number (查看完整信息: the case page, the dispute
page, the personal-data endpoint) goes into the hash-chained security trail as well as the
record's timeline; a refused view writes neither."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from huajie.accounts.models import SecurityEvent, SecurityEventKind
from huajie.mediation.tests.factories import make_town
from huajie.mediation.tests.factories import register as register_dispute
from huajie.orgs.tests.factories import make_user
from huajie.petitions.tests.factories import VALID_IDS, make_county, register

pytestmark = pytest.mark.django_db


def full_views() -> list[SecurityEvent]:
    return list(SecurityEvent.objects.filter(kind=SecurityEventKind.FULL_VIEW).order_by("id"))


def chain_holds() -> bool:
    out = StringIO()
    call_command("verify_audit", stdout=out)
    return "校验通过" in out.getvalue()


def test_the_case_page_and_the_api_record_each_full_view_in_the_chain() -> None:
    c = make_county()
    petition = register(c)
    party = petition.parties.get()
    client = Client(REMOTE_ADDR="10.1.2.3", HTTP_USER_AGENT="Chromium 131")
    client.force_login(c.clerk)
    page = client.post(reverse("petitions:reveal", args=[petition.pk]), {"party": party.pk})
    assert VALID_IDS[0] in page.content.decode()

    api = APIClient()
    api.force_authenticate(c.clerk)
    assert api.get(f"/api/v1/petitions/{petition.pk}/personal-data/").status_code == 200

    first, second = full_views()
    assert first.user == c.clerk and first.ip_address == "10.1.2.3"
    assert first.user_agent == "Chromium 131"
    assert first.detail == f"信访事项 {petition.reg_no}：查看信访人刘桂兰的完整身份证号和手机号"
    assert second.detail.startswith(f"信访事项 {petition.reg_no}：") and "接口" in second.detail
    assert VALID_IDS[0] not in first.detail + second.detail  # what was seen, never the number
    assert chain_holds()


def test_a_refused_view_is_not_recorded() -> None:
    c = make_county()
    petition = register(c)
    client = Client()
    client.force_login(make_user(c.office))  # sees the office's cases, has no role to act
    party = petition.parties.get()
    refused = client.post(reverse("petitions:reveal", args=[petition.pk]), {"party": party.pk})
    assert refused.status_code == 403
    assert full_views() == []


def test_the_dispute_page_records_each_full_view_in_the_chain() -> None:
    t = make_town()
    dispute = register_dispute(t)
    party = dispute.parties.first()
    assert party is not None
    client = Client()
    client.force_login(t.village_mediator)
    client.post(reverse("mediation:reveal", args=[dispute.pk]), {"party": party.pk})
    (event,) = full_views()
    assert event.user == t.village_mediator
    assert event.detail.startswith(f"纠纷 {dispute.reg_no}：查看当事人")
    assert chain_holds()
