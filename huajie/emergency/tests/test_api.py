"""The API: register, activate, acknowledge and report through /api/v1/emergency/; another
unit's incident is 404, a refusal is a sentence."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

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
    url = f"/api/v1/emergency/incidents/{pk}/"
    version = resp.json()["version"]
    assert [a["action"] for a in api(w.commander).get(url).json()["actions"]] == [
        "activate", "dismiss", "report", "log"]  # fmt: skip
    refused = api(w.commander).post(url + "actions/activate/", {"grade": 2, "version": version},
                                    format="json")  # fmt: skip
    assert refused.status_code == 400 and "定级理由" in refused.json()["message"]
    done = api(w.commander).post(url + "actions/activate/", {"grade": 4, "version": version},
                                 format="json")  # fmt: skip
    assert done.json()["status"] == "active"
    mine = next(r for r in done.json()["responders"] if r["user"] == w.medic.pk)
    acked = api(w.medic).post(f"/api/v1/emergency/responders/{mine['id']}/ack/")
    assert acked.json()["acked_at"]
    report = api(w.commander).post(url + "actions/report/", {
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


def test_the_incidents_actions_run_through_their_registry_paths_to_the_archive() -> None:
    """Each action is `POST …/incidents/{id}/actions/<name>/` with the body generated from its
    inputs: the log entry takes its photo as multipart, the review its corrective actions as
    rows; every refusal is the service's sentence."""
    from ..models import Attachment
    from .factories import report_incident
    from .test_files import photo

    w = make_world()
    incident = report_incident(w)
    url = f"/api/v1/emergency/incidents/{incident.pk}/"
    commander = api(w.commander)

    def act(name: str, body: dict[str, Any], **kw: Any) -> Any:
        version = commander.get(url).json()["version"]
        return commander.post(url + f"actions/{name}/", {"version": version, **body}, **kw)

    resp = act("activate", {"grade": 4}, format="json")
    assert resp.status_code == 200 and resp.json()["status"] == "active"
    assert {"regrade", "stand_down", "task_done", "log", "report"} <= {
        a["action"] for a in resp.json()["actions"]}  # fmt: skip
    resp = commander.post(url + "actions/log/", {
        "kind": "demand", "text": "要求公布起火原因", "people": 5, "files": [photo()],
    }, format="multipart")  # no version: a log entry is never stale  # fmt: skip
    assert resp.status_code == 200, resp.content
    event = incident.events.get(kind="demand")
    assert event.changes == {"people": 5} and Attachment.objects.filter(event=event).count() == 1
    resp = commander.post(url + "actions/log/", {"kind": "", "text": "x"}, format="json")
    assert resp.status_code == 400 and resp.json()["message"] == "请选择记录类型。"
    task = incident.tasks.get()
    other = report_incident(w).pk
    resp = commander.post(url + "actions/task_done/", {"task": other * 1000}, format="json")
    assert resp.status_code == 400 and "不是该记录可选的项" in resp.content.decode()
    resp = commander.post(url + "actions/task_done/", {"task": task.pk, "note": "已断电"},
                          format="json")  # fmt: skip
    assert resp.status_code == 200
    task.refresh_from_db()
    assert task.done_at is not None and task.note == "已断电"
    resp = act("regrade", {"grade": 3, "reason": ""}, format="json")
    assert resp.status_code == 400 and resp.json()["message"] == "调整响应级别请填写理由。"
    resp = act("stand_down", {"resolution": " "}, format="json")
    assert resp.status_code == 400 and "响应终止前请填写处置结果" in resp.json()["message"]
    assert act("stand_down", {"resolution": "明火扑灭"}, format="json").status_code == 200
    resp = act("review", {"summary": "s", "went_well": "w", "to_improve": "t"}, format="json")
    assert resp.status_code == 400 and resp.json()["message"] == "请先报送终报，再进行总结评估。"
    resp = commander.post(url + "actions/report/", {"kind": "", "recipient": "县委办"},
                          format="json")  # fmt: skip
    assert resp.status_code == 400 and resp.json()["code"] == "report_kind"
    resp = commander.post(url + "actions/report/", {
        "kind": "final", "recipient": "县委办", "happened": "起火", "casualties": "无",
        "measures": "扑救", "next_steps": "评估"}, format="json")  # fmt: skip
    assert resp.status_code == 200
    resp = act("review", {"summary": "处置及时", "went_well": "到场快", "to_improve": "通道堵塞",
                          "actions": [{"text": "清理消防通道", "owner": w.commander.pk}]},
               format="json")  # fmt: skip
    assert resp.status_code == 400 and "须有责任人和完成期限" in resp.json()["message"]
    due = (timezone.localdate() + timedelta(days=30)).isoformat()
    resp = act("review", {"summary": "处置及时", "went_well": "到场快", "to_improve": "通道堵塞",
                          "actions": [{"text": "清理消防通道", "owner": w.commander.pk,
                                       "due_on": due}]}, format="json")  # fmt: skip
    assert resp.status_code == 200 and resp.json()["status"] == "closed"
    assert resp.json()["actions"] == []
    [action] = incident.review.actions.all()
    assert action.owner == w.commander and action.text == "清理消防通道"


def test_an_incident_action_needs_the_version_and_a_stale_one_is_a_conflict() -> None:
    from .factories import report_incident

    w = make_world()
    incident = report_incident(w)
    url = f"/api/v1/emergency/incidents/{incident.pk}/actions/activate/"
    resp = api(w.commander).post(url, {"grade": 4}, format="json")
    assert resp.status_code == 400 and resp.json()["code"] == "version_required"
    resp = api(w.commander).post(url, {"grade": 4, "version": incident.version + 1},
                                 format="json")  # fmt: skip
    assert resp.status_code == 409
    resp = api(w.duty).post(url, {"grade": 4, "version": incident.version}, format="json")
    assert resp.status_code == 403


def test_the_schema_documents_each_incident_action_and_the_log_as_multipart() -> None:
    import yaml

    from ..actions import INCIDENT_ACTIONS

    paths = yaml.safe_load(api(make_world().commander).get("/api/v1/schema/").content)["paths"]
    for action in INCIDENT_ACTIONS:
        assert f"/api/v1/emergency/incidents/{{id}}/actions/{action.name}/" in paths
    log = paths["/api/v1/emergency/incidents/{id}/actions/log/"]["post"]
    assert list(log["requestBody"]["content"]) == ["multipart/form-data"]
    assert "/api/v1/emergency/incidents/{id}/activate/" not in paths
