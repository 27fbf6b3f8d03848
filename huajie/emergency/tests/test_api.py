"""The API: register, activate, acknowledge and report through /api/v1/emergency/; another
unit's incident is 404, a refusal is a sentence."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from huajie.orgs.models import RoleCode
from huajie.orgs.tests.factories import make_unit, make_user

from .factories import make_world

pytestmark = pytest.mark.django_db


def api(user: object) -> APIClient:
    c = APIClient()
    c.force_authenticate(user)  # type: ignore[arg-type]
    return c


def test_register_activate_ack_and_report_through_the_api() -> None:
    w = make_world()
    resp = api(w.duty).post("/api/v1/emergency/incidents/", {
        "incident_type": w.fire.pk, "title": "石门寺起火", "place": "石门寺",
        "description": "偏殿起火", "injured": 1,
        "received_at": (timezone.now() - timedelta(minutes=1)).isoformat(),
    }, format="json")  # fmt: skip
    assert resp.status_code == 201, resp.content
    pk = resp.json()["id"]
    assert resp.json()["suggested_grade"] == 4
    refused = api(w.commander).post(f"/api/v1/emergency/incidents/{pk}/activate/",
                                    {"grade": 2}, format="json")  # fmt: skip
    assert refused.status_code == 400 and "定级理由" in refused.content.decode()
    done = api(w.commander).post(f"/api/v1/emergency/incidents/{pk}/activate/", {"grade": 4},
                                 format="json")  # fmt: skip
    assert done.json()["status"] == "active"
    mine = next(r for r in done.json()["responders"] if r["user"] == w.medic.pk)
    acked = api(w.medic).post(f"/api/v1/emergency/responders/{mine['id']}/ack/")
    assert acked.json()["acked_at"]
    report = api(w.commander).post(f"/api/v1/emergency/incidents/{pk}/reports/", {
        "kind": "first", "recipient": "县委办", "happened": "起火", "casualties": "伤1人",
        "measures": "疏散", "next_steps": "扑救"}, format="json")  # fmt: skip
    assert report.status_code == 200
    stranger = make_user(make_unit("清河县文旅局", parent=w.c.county), RoleCode.COMMANDER)
    assert api(stranger).get(f"/api/v1/emergency/incidents/{pk}/").status_code == 404


@pytest.mark.parametrize("url", [
    "/api/v1/emergency/incidents/99999999999999999999999/",
    "/api/v1/emergency/incidents/2147483648/",
])  # fmt: skip
def test_out_of_range_keys_are_not_a_server_error(url: str) -> None:
    w = make_world()
    assert api(w.commander).get(url).status_code == 404


def test_out_of_range_bodies_are_refused() -> None:
    w = make_world()
    resp = api(w.duty).post("/api/v1/emergency/incidents/", {
        "incident_type": 10**30, "title": "t", "place": "p", "description": "d",
        "received_at": "0456-05-18T00:04:32+11:47"}, format="json")  # fmt: skip
    assert resp.status_code == 400
    resp = api(w.duty).post("/api/v1/emergency/responders/99999999999999999999/ack/")
    assert resp.status_code == 404


def test_a_hazard_is_rectified_and_rechecked_through_its_registry_actions() -> None:
    from ..models import KeyPlace
    from ..services import hazards as hz

    w = make_world()
    place = KeyPlace.objects.create(unit=w.emergency_unit, name="石门寺", checklist="灭火器")
    rectifier = make_user(w.emergency_unit, RoleCode.DUTY_OFFICER)
    hazard = hz.hazard_create(place=place, acting_user=w.commander, data=hz.HazardInput(
        item="灭火器", description="压力不足", level="general", responsible=rectifier,
        deadline=timezone.localdate() + timedelta(days=3)))  # fmt: skip
    url = f"/api/v1/emergency/hazards/{hazard.pk}/"
    got = api(rectifier).get(url).json()
    assert [a["action"] for a in got["actions"]] == ["rectify"]
    resp = api(rectifier).post(url + "actions/rectify/", {"note": "已更换"}, format="json")
    assert resp.status_code == 400 and resp.json()["code"] == "version_required"
    resp = api(rectifier).post(url + "actions/rectify/", {"note": " ", "version": got["version"]},
                               format="json")  # fmt: skip
    assert resp.status_code == 400 and "请填写整改情况" in resp.json()["message"]
    resp = api(rectifier).post(url + "actions/rectify/", {"note": "已更换3具灭火器",
                               "version": got["version"]}, format="json")  # fmt: skip
    assert resp.status_code == 200 and resp.json()["status"] == "rectified"
    resp = api(rectifier).post(
        url + "actions/recheck_pass/",
        {"note": "好", "version": resp.json()["version"]},
        format="json",
    )
    assert resp.status_code == 403  # the rectifier never rechecks his own work
    version = api(w.commander).get(url).json()["version"]
    resp = api(w.commander).post(
        url + "actions/recheck_pass/", {"note": "复查合格", "version": version}, format="json"
    )
    assert resp.status_code == 200 and resp.json()["status"] == "closed"
    outsider = make_user(make_unit("清河县水利局", parent=w.c.county), RoleCode.LEADER)
    assert api(outsider).get(url).status_code == 404
