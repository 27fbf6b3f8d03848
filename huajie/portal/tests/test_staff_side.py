"""What staff see of the portal: its submissions in the ledger by channel and by source (screen
and API), the petitioner's own steps marked as coming from the portal on the case timeline."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from huajie.orgs.tests.factories import make_county
from huajie.petitions.models import Petition
from huajie.petitions.tests.factories import register
from huajie.portal.services.feedback import portal_rate, portal_request_review

from .factories import REPLIED_ON, at, handle_and_reply, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def c():
    return make_county()


@pytest.fixture
def cases(c) -> dict[str, Petition]:
    """A portal submission, an online message typed in by the clerk, and a visit."""
    portal = Petition.objects.get(pk=submit(c).petition_id)
    typed = register(c, channel="online", title="网上留言转登记")
    visit = register(c, title="来访反映噪声")
    return {"portal": portal, "typed": typed, "visit": visit}


def _rows(html: str, cases: dict[str, Petition]) -> set[str]:
    return {name for name, p in cases.items() if f'data-petition="{p.pk}"' in html}


def test_the_ledger_filters_by_channel_and_by_source(client, c, cases):
    assert cases["portal"].source == "portal" and cases["typed"].source != "portal"
    client.force_login(c.clerk)
    index = reverse("petitions:index")
    html = client.get(index, {"channel": "online"}).content.decode()
    assert _rows(html, cases) == {"portal", "typed"}
    html = client.get(index, {"source": "portal"}).content.decode()
    assert _rows(html, cases) == {"portal"}
    html = client.get(index, {"channel": "online", "source": "portal"}).content.decode()
    assert _rows(html, cases) == {"portal"} and "登记来源" in html
    html = client.get(index, {"channel": "visit", "source": "portal"}).content.decode()
    assert _rows(html, cases) == set()


def test_the_api_ledger_filters_by_source(c, cases):
    api = APIClient()
    api.force_authenticate(c.clerk)
    found = api.get("/api/v1/petitions/", {"source": "portal"}).json()
    assert [row["id"] for row in found["results"]] == [cases["portal"].pk]
    assert api.get("/api/v1/petitions/", {"source": "elsewhere"}).status_code == 400


def test_ratings_and_review_requests_show_as_from_the_portal_on_the_timeline(client, c):
    p = handle_and_reply(c, Petition.objects.get(pk=submit(c).petition_id))
    with at(REPLIED_ON + timedelta(days=3)):
        portal_rate(petition_id=p.pk, satisfaction="unsatisfied", comment="没有修好")
        portal_request_review(petition_id=p.pk, reason="物业仍未维修。")
    client.force_login(c.clerk)
    html = client.get(reverse("petitions:detail", args=[p.pk])).content.decode()
    timeline = html[html.index('data-testid="timeline"') :]
    items = timeline.split('<li class="hj-event')[1:]
    marked = [item for item in items if 'data-testid="event-source">来自网上信访' in item]
    assert any("没有修好" in item for item in marked)  # the rating
    assert any("物业仍未维修" in item or "申请复查" in item for item in marked)
    staff = [item for item in items if "内部交办意见" in item or "交办" in item]
    assert staff and not any("来自网上信访" in item for item in staff)  # the clerk's own steps
