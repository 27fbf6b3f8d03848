"""The API as a client program drives it (issue 10, item 9): where a case may go and who may
take it, a JSON 404 for an unknown path, one code per field, Chinese sentences, the calendar."""

from __future__ import annotations

import json
from datetime import date

import pytest
import time_machine
from django.core.management import call_command
from django.test import RequestFactory, override_settings
from rest_framework.test import APIClient

from huajie.common.errorpages import server_error

from .factories import County, make_county, register

TODAY = date(2025, 10, 10)


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(f"{TODAY.isoformat()} 10:00 +0800", tick=False):
        yield


@pytest.fixture
def c(db: None) -> County:
    return make_county()


def client_for(user) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


def test_a_client_lists_where_a_case_may_go_and_who_may_take_it(c):
    petition = register(c)
    api = client_for(c.clerk)
    units = api.get(f"/api/v1/petitions/{petition.pk}/units/").json()
    assert {"id": c.dept.pk, "name": c.dept.name} in units
    people = api.get(f"/api/v1/petitions/{petition.pk}/assignees/", {"unit": c.dept.pk}).json()
    assert people["unit"]["id"] == c.dept.pk
    assert {p["id"] for p in people["handlers"]} == {c.handler.pk}
    assert c.dept_leader.pk in {p["id"] for p in people["leaders"]}
    assert c.office_leader.pk not in {p["id"] for p in people["leaders"]}


def test_an_accusation_never_offers_the_accused_unit_or_its_people(c):
    petition = register(c, petition_class="accusation", accused_unit=c.dept)
    api = client_for(c.clerk)
    units = {u["id"] for u in api.get(f"/api/v1/petitions/{petition.pk}/units/").json()}
    assert c.dept.pk not in units and c.other_dept.pk in units
    refused = api.get(f"/api/v1/petitions/{petition.pk}/assignees/", {"unit": c.dept.pk})
    assert refused.status_code == 400 and refused.json()["codes"] == {"unit": "invalid_unit"}


def test_another_units_case_has_no_units_or_people_to_list(c):
    petition = register(c)
    outsider = client_for(c.outsider)
    assert outsider.get(f"/api/v1/petitions/{petition.pk}/units/").status_code == 404
    assert outsider.get(f"/api/v1/petitions/{petition.pk}/assignees/?unit=1").status_code == 404


def test_the_assignees_need_a_unit_and_say_so_in_chinese(c):
    petition = register(c)
    body = client_for(c.clerk).get(f"/api/v1/petitions/{petition.pk}/assignees/").json()
    assert body["codes"] == {"unit": "required"}
    assert body["fields"]["unit"] == ["请填写承办单位编号（见 units/）。"]


@pytest.mark.parametrize("path", ["/api/v1/no-such-thing/", "/api/v1/petitions/1/nothing/"])
def test_an_unknown_api_path_is_a_json_404(c, path):
    response = client_for(c.clerk).get(path)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert (
        response.json()["code"] == "not_found" and "/api/v1/schema/" in response.json()["message"]
    )


def test_every_field_error_has_its_path_a_code_and_a_chinese_sentence(c):
    body = {
        "channel": "by-pigeon",
        "petition_class": "complaint",
        "title": "t",
        "received_on": "2025-10-09",
        "petitioners": [{"name": "甲"}, {"is_representative": "maybe"}],
    }
    error = client_for(c.clerk).post("/api/v1/petitions/", body, format="json").json()
    assert error["codes"] == {
        "channel": "invalid_choice",
        "content": "required",
        "petitioners[1].name": "required",
        "petitioners[1].is_representative": "invalid",
    }
    assert error["fields"]["content"] == ["请填写 content（必填）。"]
    assert error["fields"]["petitioners[1].name"] == ["请填写 petitioners[1].name（必填）。"]
    stock = ("该字段是必填项", "不是合法选项", "必须是有效的布尔值", "This field")
    for messages in error["fields"].values():
        assert not any(s in m for s in stock for m in messages), messages


def test_a_bad_id_number_is_named_by_its_row(c):
    body = {
        "channel": "visit",
        "petition_class": "complaint",
        "title": "t",
        "content": "c",
        "received_on": "2025-10-09",
        "petitioners": [{"name": "甲"}, {"name": "乙", "id_number": "123"}],
    }
    error = client_for(c.clerk).post("/api/v1/petitions/", body, format="json").json()
    assert error["codes"] == {"petitioners[1].id_number": "invalid_id_number"}


def test_the_calendar_endpoint_has_its_slash_and_its_required_parameters(client, db):
    body = client.get("/api/v1/calendar/deadline/", {"start": "2025-09-30", "days": 15}).json()
    assert body["due"] == "2025-10-15" and body["calendar_version"].startswith("2025:")
    refused = client.get("/api/v1/calendar/deadline/").json()
    assert refused["codes"] == {"start": "required", "days": "required"}
    assert refused["fields"]["start"] == ["请填写起算日期。"]
    assert client.get("/api/v1/calendar/deadline/?start=0001-01-01&days=1").status_code == 400


def test_the_schema_types_the_calendar_and_the_new_endpoints(tmp_path):
    out = tmp_path / "schema.json"
    call_command("spectacular", "--format", "openapi-json", "--file", str(out))
    schema = json.loads(out.read_text(encoding="utf-8"))
    calendar = schema["paths"]["/api/v1/calendar/deadline/"]["get"]
    required = {p["name"] for p in calendar["parameters"] if p.get("required")}
    assert required == {"start", "days"}
    answer = calendar["responses"]["200"]["content"]["application/json"]["schema"]
    assert answer == {"$ref": "#/components/schemas/DeadlineAnswer"}
    assert "/api/v1/petitions/{id}/assignees/" in schema["paths"]
    assert "/api/v1/petitions/{id}/units/" in schema["paths"]


@override_settings(DEBUG=False)
def test_a_missing_page_is_a_chinese_page_and_an_error_page_too(client, c):
    client.force_login(c.clerk)
    response = client.get("/petitions/999999/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode() and "返回首页" in response.content.decode()
    error = server_error(RequestFactory().get("/petitions/"))
    assert error.status_code == 500 and "服务器出错" in error.content.decode()
    api_error = server_error(RequestFactory().get("/api/v1/petitions/"))
    assert api_error["Content-Type"].startswith("application/json")
