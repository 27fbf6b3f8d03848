"""Privacy through the API: accusations reach only their handlers and leaders; ID and phone
numbers are masked everywhere but one logged endpoint."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from rest_framework.test import APIClient

from huajie.orgs.models import User
from huajie.orgs.tests.factories import make_user
from huajie.petitions import services
from huajie.petitions.models import EventKind, Petition, PetitionEvent
from huajie.petitions.tests.factories import VALID_IDS, County, make_county, register

LIST = "/api/v1/petitions/"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime(2025, 10, 20, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))):
        yield


@pytest.fixture
def c(db) -> County:
    return make_county()


def client_for(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def in_hand(c: County, **overrides: object) -> Petition:
    petition = register(c, **overrides)
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
    return petition


def sees(user: User, petition: Petition) -> bool:
    client = client_for(user)
    detail = client.get(f"{LIST}{petition.pk}/")
    listed = petition.pk in {row["id"] for row in client.get(LIST).json()["results"]}
    assert listed == (detail.status_code == 200), "the ledger and the case page disagree"
    if detail.status_code != 200:
        assert detail.status_code == 404 and detail.json()["code"] == "not_found"
    return listed


def test_an_accusation_reaches_only_the_people_on_the_case(c):
    accusation = in_hand(c, petition_class="accusation", title="举报某局干部违规收费")
    colleague = make_user(c.dept, "handler")  # same department, not assigned
    dept_clerk = make_user(c.dept, "clerk")
    assert sees(c.handler, accusation)
    assert sees(c.dept_leader, accusation)  # its responsible leader
    # Issue 10: a leader not on the case does not read it, of the handling unit or above.
    assert not sees(make_user(c.dept, "leader", username="dept-deputy"), accusation)
    assert not sees(c.county_leader, accusation)
    assert sees(c.clerk, accusation)  # registered it
    assert not sees(c.outsider, accusation)  # a sibling unit's leader
    assert not sees(colleague, accusation)
    assert not sees(dept_clerk, accusation)
    complaint = in_hand(c)
    assert sees(colleague, complaint) and sees(dept_clerk, complaint)


def test_an_accusation_assigned_away_leaves_the_assigning_leader_with_no_details(c):
    accusation = register(c, petition_class="accusation")
    client = client_for(c.office_leader)
    assert client.post(f"{LIST}{accusation.pk}/actions/accept/", {"version": 1}).status_code == 200
    response = client.post(
        f"{LIST}{accusation.pk}/actions/assign/",
        {
            "version": 2,
            "handling_unit": c.dept.pk,
            "responsible_leader": c.dept_leader.pk,
            "handler": c.handler.pk,
        },
    )
    assert response.status_code == 204 and not response.content
    assert Petition.objects.get(pk=accusation.pk).status == "assigned"
    assert not sees(c.office_leader, accusation)


def test_full_numbers_only_through_the_logged_endpoint(c):
    petition = in_hand(c)
    detail = client_for(c.handler).get(f"{LIST}{petition.pk}/").json()
    assert detail["petitioners"][0]["id_number"] == "1101**********002X"
    assert detail["petitioners"][0]["phone"] == "138****5678"
    assert VALID_IDS[0] not in str(detail) and "13812345678" not in str(detail)

    response = client_for(c.handler).get(f"{LIST}{petition.pk}/personal-data/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    person = response.json()["petitioners"][0]
    assert (person["name"], person["id_number"], person["phone"]) == (
        "刘桂兰",
        VALID_IDS[0],
        "13812345678",
    )
    logged = PetitionEvent.objects.filter(petition=petition, kind=EventKind.FULL_VIEW)
    assert [(e.actor, "完整" in e.text) for e in logged] == [(c.handler, True)]
    timeline = client_for(c.clerk).get(f"{LIST}{petition.pk}/").json()["events"]
    assert timeline[-1]["kind"] == "full_view" and timeline[-1]["actor"]["id"] == c.handler.pk


def test_personal_data_is_refused_to_staff_with_no_part_in_the_case(c):
    petition = in_hand(c)
    other_clerk = make_user(c.office, "clerk")  # sees the case, has nothing to do on it now
    events = PetitionEvent.objects.filter(petition=petition).count()
    response = client_for(other_clerk).get(f"{LIST}{petition.pk}/personal-data/")
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"
    assert "完整身份证号码" in response.json()["message"]
    assert PetitionEvent.objects.filter(petition=petition).count() == events
    assert client_for(c.outsider).get(f"{LIST}{petition.pk}/personal-data/").status_code == 404
