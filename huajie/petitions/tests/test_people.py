"""Who petitioned, as the front desk meets it: a known ID number under another name is asked
about, never silently renamed (issue 10, item 6); anonymous letters and online accusations are
registered without anybody (item 8)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from rest_framework.test import APIClient

from huajie.common.errors import ApplicationError
from huajie.petitions import services
from huajie.petitions.models import ClockKind, Petition, PetitionerEvent
from huajie.petitions.services import PetitionerInput

from .factories import VALID_IDS, County, make_county, register
from .test_views import registration_post

TODAY = date(2025, 10, 10)


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(f"{TODAY.isoformat()} 10:00 +0800", tick=False):
        yield


@pytest.fixture
def c(db: None) -> County:
    return make_county()


def html(response: Any) -> str:
    return response.content.decode()


def one_person(**overrides: str) -> dict[str, str]:
    data = registration_post(
        **{
            "p-TOTAL_FORMS": "1",
            "p-0-name": "周福生",
            "p-0-id_number": VALID_IDS[0],
            "p-0-is_representative": "",
            "is_group": "",
            "headcount": "",
        }
    )
    data.pop("p-1-name"), data.pop("p-1-id_number"), data.pop("p-1-is_representative")
    data.update(overrides)
    return data


# ---- item 6: the same ID number never silently renames a petitioner ----------------------------


def test_a_known_id_number_under_another_name_shows_the_person_on_record_and_asks(client, c):
    first = register(c)  # 刘桂兰, VALID_IDS[0]
    client.force_login(c.clerk)
    response = client.post(reverse("petitions:register"), one_person())
    page = html(response)
    assert response.status_code == 400
    assert "该身份证号已登记为“刘桂兰”" in page
    assert "确认更名：原登记为“刘桂兰”，改为“周福生”" in page
    assert Petition.objects.count() == 1
    case_page = html(client.get(reverse("petitions:detail", args=[first.pk])))
    assert "刘桂兰" in case_page and "周福生" not in case_page


def test_a_confirmed_change_of_name_is_on_the_persons_history_on_every_case(client, c):
    first = register(c)
    client.force_login(c.clerk)
    response = client.post(
        reverse("petitions:register"), one_person(**{"p-0-rename_confirmed": "on"})
    )
    assert response.status_code == 302
    second = Petition.objects.exclude(pk=first.pk).get()
    person = second.parties.get().petitioner
    assert person.pk == first.parties.get().petitioner_id and person.name == "周福生"
    change = PetitionerEvent.objects.get(petitioner=person)
    assert change.changes == {"name": ["刘桂兰", "周福生"]} and change.actor == c.clerk
    for case in (first, second):
        page = html(client.get(reverse("petitions:detail", args=[case.pk])))
        assert "姓名由“刘桂兰”更正为“周福生”" in page, case.reg_no
    assert "经确认更名为“周福生”" in second.events.get(kind="registered").text


def test_the_same_name_again_changes_nothing_and_asks_nothing(client, c):
    first = register(c)
    again = register(c)
    assert again.parties.get().petitioner_id == first.parties.get().petitioner_id
    assert not PetitionerEvent.objects.exists()


def test_the_api_refuses_a_silent_rename_with_the_rows_field_and_code(c):
    register(c)
    api = APIClient()
    api.force_authenticate(c.clerk)
    body: dict[str, Any] = {
        "channel": "letter",
        "petition_class": "complaint",
        "title": "宅基地确权面积有误",
        "content": "本人宅基地确权登记面积比实际少约20平方米。",
        "received_on": "2025-10-09",
        "petitioners": [
            {"name": "王五", "id_number": VALID_IDS[2]},
            {"name": "周福生", "id_number": VALID_IDS[0]},
        ],
    }
    refused = api.post("/api/v1/petitions/", body, format="json")
    assert refused.status_code == 400
    error = refused.json()
    assert error["code"] == "petitioner_name_differs"
    assert "“刘桂兰”" in error["fields"]["petitioners[1].name"][0]
    assert Petition.objects.count() == 1
    body["petitioners"][1]["rename_confirmed"] = True
    created = api.post("/api/v1/petitions/", body, format="json")
    assert created.status_code == 201, created.json()
    detail = api.get(f"/api/v1/petitions/{created.json()['id']}/").json()
    renamed = detail["petitioners"][1]
    assert renamed["name"] == "周福生"
    assert renamed["history"][0]["changes"] == {"name": ["刘桂兰", "周福生"]}


# ---- item 8: anonymous letters and online accusations ------------------------------------------


def anonymous(**overrides: str) -> dict[str, str]:
    return one_person(
        **{
            "channel": "letter",
            "petition_class": "accusation",
            "anonymous": "on",
            "p-0-name": "",
            "p-0-id_number": "",
            "p-0-phone": "",
            "p-0-address": "",
            "title": "反映某村干部违规发放补贴",
            "content": "某村干部在发放耕地地力保护补贴时优亲厚友，请求调查处理。",
            **overrides,
        }
    )


def test_an_anonymous_letter_is_registered_without_a_name_and_marked_anonymous(client, c):
    client.force_login(c.clerk)
    response = client.post(reverse("petitions:register"), anonymous(), follow=True)
    petition = Petition.objects.get()
    assert petition.is_anonymous and not petition.parties.exists()
    page = html(response)
    assert 'data-testid="anonymous-badge"' in page
    assert "信访人未留姓名和联系方式" in page
    assert "无法向信访人送达受理告知书" in page
    # Nobody to send the 受理告知书 to: no acceptance-notice clock, only the routing limit.
    assert [c.kind for c in petition.clocks.all()] == [ClockKind.ROUTE]


def test_the_registration_form_says_what_anonymous_means(client, c):
    client.force_login(c.clerk)
    page = html(client.get(reverse("petitions:register")))
    assert 'name="anonymous"' in page
    assert "匿名件不登记信访人：无法向其送达受理告知书等书面告知" in page


def test_a_visit_cannot_be_anonymous(client, c):
    client.force_login(c.clerk)
    response = client.post(reverse("petitions:register"), anonymous(channel="visit"))
    assert response.status_code == 400
    assert "来访和上级交办的事项须登记信访人" in html(response)
    assert not Petition.objects.exists()


def test_without_a_name_and_without_anonymous_the_form_says_both_ways_out(client, c):
    client.force_login(c.clerk)
    response = client.post(reverse("petitions:register"), anonymous(anonymous=""))
    assert response.status_code == 400
    assert "匿名来信或网上匿名举报请勾选“匿名”" in html(response)


def test_an_anonymous_case_gets_no_notices_no_visit_and_no_rating(c):
    data = services.RegistrationInput(
        channel="online",
        petition_class="accusation",
        title="网上匿名举报",
        content="举报某单位违规收费。",
        received_on=date(2025, 9, 30),
        anonymous=True,
    )
    petition = services.petition_register(unit=c.office, data=data, acting_user=c.clerk)
    services.petition_accept(petition=petition, acting_user=c.clerk, expected_version=None)
    services.petition_assign(
        petition=petition,
        acting_user=c.clerk,
        expected_version=None,
        handling_unit=c.dept,
        responsible_leader=c.dept_leader,
        handler=c.handler,
    )
    services.petition_start_handling(
        petition=petition, acting_user=c.handler, expected_version=None
    )
    services.petition_reply(
        petition=petition,
        acting_user=c.handler,
        expected_version=None,
        request="查处违规收费",
        facts="经查属实。",
        reasons="已责令退还。",
        decision="support",
        legal_basis="《价格法》",
    )
    petition = Petition.objects.get(pk=petition.pk)
    offered = {t.action for t in services.actions_for(c.clerk, petition)}
    assert "evaluate" not in offered and "close" in offered
    with pytest.raises(ApplicationError, match="匿名件没有可以评价答复的信访人"):
        services.petition_evaluate(
            petition=petition, acting_user=c.clerk, expected_version=None, satisfaction="satisfied"
        )
    with pytest.raises(ApplicationError, match="无法回访"):
        services.petition_return_visit(
            petition=petition, acting_user=c.clerk, expected_version=None, method="phone", note="x"
        )
    # The written reply and the notices go to the petitioner: none can be issued.
    api = APIClient()
    api.force_authenticate(c.handler)
    kinds = [d["kind"] for d in api.get(f"/api/v1/documents/petition/{petition.pk}/").json()]
    assert not {"acceptance", "reply"} & set(kinds)
    refused = api.post(f"/api/v1/documents/petition/{petition.pk}/reply/issue/", {}, format="json")
    assert refused.status_code >= 400 and "匿名件" in refused.json()["message"]
    services.petition_close(petition=petition, acting_user=c.clerk, expected_version=None)
    assert Petition.objects.get(pk=petition.pk).status == "closed"


def test_the_api_registers_an_anonymous_online_accusation(c):
    api = APIClient()
    api.force_authenticate(c.clerk)
    body: dict[str, Any] = {
        "channel": "online",
        "petition_class": "accusation",
        "title": "网上匿名举报",
        "content": "举报某单位违规收费。",
        "received_on": "2025-10-09",
        "anonymous": True,
    }
    created = api.post("/api/v1/petitions/", body, format="json")
    assert created.status_code == 201, created.json()
    detail = api.get(f"/api/v1/petitions/{created.json()['id']}/").json()
    assert detail["is_anonymous"] is True and detail["petitioners"] == []
    body["petitioners"] = [{"name": "张三"}]
    refused = api.post("/api/v1/petitions/", body, format="json").json()
    assert refused["code"] == "anonymous_with_petitioner"


def test_a_known_person_is_found_again_by_id_through_petitioner_known(c):
    register(c, petitioners=[PetitionerInput(name="刘桂兰", id_number=VALID_IDS[0])])
    person = services.petitioner_known(VALID_IDS[0])
    assert person is not None and person.name == "刘桂兰"
