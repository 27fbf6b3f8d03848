"""Extensions follow Art.34 (issue 10, item 5): only while the handling limit runs, and "told the
petitioner" only once the 延期告知书 is issued or the telling is recorded with how."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.urls import reverse
from rest_framework.test import APIClient

from huajie.common.errors import ApplicationError
from huajie.petitions import services as s
from huajie.petitions.models import Petition

from . import stages
from .documents.factories import issue, with_profile
from .factories import make_county

pytestmark = pytest.mark.django_db


@pytest.fixture
def c():
    with time_machine.travel(stages.TODAY):
        county = make_county()
        with_profile(county)
        yield county


def case_page(client, user, petition: Petition) -> str:
    client.force_login(user)
    return client.get(reverse("petitions:detail", args=[petition.pk])).content.decode()


def test_a_9_days_overdue_case_is_not_extended_and_keeps_its_overdue_mark(client, c):
    p = stages.handling(c)  # accepted 2025-10-09: the handling limit ended 2025-12-08
    with time_machine.travel(date(2025, 12, 17)):
        with pytest.raises(ApplicationError, match="届满后不能再延期"):
            s.petition_extend(
                petition=p, acting_user=c.dept_leader, expected_version=p.version, days=30,
                reason="情况复杂",
            )  # fmt: skip
        page = case_page(client, c.dept_leader, p)
    assert "已超期 9 天" in page
    assert 'data-action="extend"' not in page


def test_an_extension_dated_before_2000_is_refused(c):
    p = stages.handling(c)
    with pytest.raises(ApplicationError, match="不能早于2000年"):
        s.petition_extend(
            petition=p, acting_user=c.dept_leader, expected_version=p.version, days=10,
            reason="情况复杂", on=date(1, 1, 1),
        )  # fmt: skip


def test_after_an_extension_the_case_says_the_petitioner_is_not_told_yet(client, c):
    p = stages.extended(c)
    page = case_page(client, c.handler, p)
    assert "尚未告知信访人延期理由" in page
    assert 'data-action="extension_notice"' in page


def test_issuing_the_extension_notice_tells_the_petitioner(client, c):
    p = stages.extended(c)
    number = issue(p, "extension", c.handler)
    page = case_page(client, c.handler, p)
    assert "尚未告知信访人延期理由" not in page
    assert "已告知信访人：出具延期告知书" in page and number in page
    assert 'data-action="extension_notice"' not in page


def test_telling_by_phone_is_recorded_with_how_and_when_once(client, c):
    p = stages.extended(c)
    client.force_login(c.handler)
    client.post(
        reverse("petitions:act", args=[p.pk, "extension_notice"]),
        {
            "extension_notice-version": str(Petition.objects.get(pk=p.pk).version),
            "extension_notice-method": "phone",
            "extension_notice-on": "2025-11-21",
            "extension_notice-note": "信访人表示理解",
        },
    )
    page = case_page(client, c.handler, p)
    assert "已告知信访人延期理由（电话告知，2025-11-21）：信访人表示理解" in page
    event = p.events.get(action="extension_notice")
    assert event.changes == {"told": [None, {"method": "phone", "on": "2025-11-21"}]}
    with pytest.raises(ApplicationError, match="无需再次记录"):
        s.petition_extension_notice(
            petition=Petition.objects.get(pk=p.pk),
            acting_user=c.handler,
            expected_version=None,
            method="sms",
        )


def test_nothing_to_tell_before_an_extension_and_the_api_offers_it_after(c):
    p = stages.handling(c)
    with pytest.raises(ApplicationError, match="没有延期"):
        s.petition_extension_notice(
            petition=p, acting_user=c.handler, expected_version=None, method="phone"
        )
    p = stages.extended(c)
    api = APIClient()
    api.force_authenticate(c.handler)
    actions = [a["action"] for a in api.get(f"/api/v1/petitions/{p.pk}/").json()["actions"]]
    assert "extension_notice" in actions
    told = api.post(
        f"/api/v1/petitions/{p.pk}/actions/extension_notice/",
        {"version": Petition.objects.get(pk=p.pk).version, "method": "mail"},
        format="json",
    )
    assert told.status_code == 200, told.json()
    assert "extension_notice" not in [a["action"] for a in told.json()["actions"]]
