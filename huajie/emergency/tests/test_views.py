"""The screens as users reach them: the board, 接报 from the duty log's hand-off, the incident page,
the responder's phone page, plans with their forms, the documents (DOCX and PDF), and scoping
(another unit's incident is not found)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from huajie.documents.services import document_issue, document_render
from huajie.orgs.models import RoleCode
from huajie.orgs.tests.factories import make_unit, make_user

from ..models import IncidentStatus, PlanStatus
from ..services import incidents as svc
from .factories import make_world, report_incident

pytestmark = pytest.mark.django_db

REPORT = dict(recipient="县委办", happened="大殿起火", casualties="受伤2人",
              measures="疏散香客", next_steps="继续扑救")  # fmt: skip


def client_for(user: object) -> Client:
    c = Client()
    c.force_login(user)  # type: ignore[arg-type]
    return c


def test_duty_officer_reports_and_commander_activates_through_the_pages() -> None:
    w = make_world()
    duty = client_for(w.duty)
    page = duty.get(reverse("emergency:incident_new"))
    assert "寺庙火灾" in page.content.decode()
    received = (timezone.localtime() - timedelta(minutes=3)).strftime("%Y-%m-%d %H:%M")
    resp = duty.post(reverse("emergency:incident_new"), {
        "received_at": received, "incident_type": w.fire.pk, "title": "石门寺起火",
        "place": "石门寺", "people_count": 30, "deaths": 0, "injured": 1,
        "description": "偏殿起火", "source": "duty",
    })  # fmt: skip
    assert resp.status_code == 302
    incident = w.fire.version.incidents.get()
    commander = client_for(w.commander)
    text = commander.get(resp["Location"]).content.decode()
    assert "启动预案" in text and "Ⅳ级（一般）" in text
    commander.post(reverse("emergency:incident_act", args=[incident.pk, "activate"]),
                   {"activate-grade": 4, "activate-version": incident.version})  # fmt: skip
    incident.refresh_from_db()
    assert incident.status == IncidentStatus.ACTIVE
    board = commander.get(reverse("emergency:index")).content.decode()
    assert "石门寺起火" in board and "未收到" in board
    member = client_for(w.fire_member)
    phone = member.get(reverse("emergency:callout", args=[incident.pk])).content.decode()
    assert "收到" in phone and "现场处置组" in phone
    responder = incident.responders.get(user=w.fire_member)
    member.post(reverse("emergency:responder_act", args=[responder.pk, "ack"]))
    member.post(reverse("emergency:responder_act", args=[responder.pk, "arrive"]))
    responder.refresh_from_db()
    assert responder.acked_at and responder.arrived_at


def test_an_arrival_before_acknowledgement_is_refused_with_a_sentence() -> None:
    w = make_world()
    incident = report_incident(w)
    svc.incident_activate(incident=incident, grade=4, acting_user=w.commander)
    responder = incident.responders.get(user=w.medic)
    c = client_for(w.medic)
    resp = c.post(reverse("emergency:responder_act", args=[responder.pk, "arrive"]), follow=True)
    assert "请先点击“收到”确认接到通知" in resp.content.decode()


def test_another_units_incident_is_not_found() -> None:
    """A sibling unit with no member in the plan sees nothing; a plan member's unit reads it."""
    w = make_world()
    incident = report_incident(w)
    stranger = make_user(make_unit("清河县文旅局", parent=w.c.county), RoleCode.COMMANDER)
    c = client_for(stranger)
    assert c.get(reverse("emergency:incident", args=[incident.pk])).status_code == 404
    assert c.get(reverse("emergency:callout", args=[incident.pk])).status_code == 404


def test_plan_pages_add_rows_to_a_draft_and_refuse_edits_in_force() -> None:
    w = make_world()
    c = client_for(w.commander)
    version_url = reverse("emergency:version", args=[w.version.pk])
    assert "现场处置组" in c.get(version_url).content.decode()
    resp = c.post(reverse("emergency:row_add", args=[w.version.pk, "resource"]), {
        "resource-name": "灭火器", "resource-quantity": "50具", "resource-location": "寺庙库房",
    }, follow=True)  # fmt: skip
    assert "不能修改" in resp.content.decode()
    c.post(reverse("emergency:plan_revise", args=[w.plan.pk]))
    draft = w.plan.versions.get(status=PlanStatus.DRAFT)
    c.post(reverse("emergency:row_add", args=[draft.pk, "resource"]), {
        "resource-name": "灭火器", "resource-quantity": "50具", "resource-location": "寺庙库房",
    })  # fmt: skip
    assert draft.resources.get().name == "灭火器"
    assert "添加物资装备" in c.get(reverse("emergency:version", args=[draft.pk])).content.decode()


def test_plan_exports_as_a_formatted_document_docx_and_pdf() -> None:
    w = make_world()
    issued = document_issue(target="emergency-plan", pk=w.version.pk, kind="emergency_plan",
                            acting_user=w.commander)  # fmt: skip
    assert "应预" in issued.document.number
    docx = document_render(target="emergency-plan", pk=w.version.pk, kind="emergency_plan",
                           fmt="docx", acting_user=w.commander)  # fmt: skip
    assert docx.content[:2] == b"PK"
    pdf = document_render(target="emergency-plan", pk=w.version.pk, kind="emergency_plan",
                          fmt="pdf", acting_user=w.commander)  # fmt: skip
    assert pdf.content[:4] == b"%PDF"
    w.version.refresh_from_db()
    assert w.version.doc_number == issued.document.number


def test_after_action_review_is_a_document_with_the_responders_times() -> None:
    w = make_world()
    incident = report_incident(w)
    svc.incident_activate(incident=incident, grade=4, acting_user=w.commander)
    r = incident.responders.get(user=w.fire_member)
    svc.responder_ack(responder=r, acting_user=w.fire_member)
    svc.report_file(incident=incident, data=svc.ReportInput(kind="first", **REPORT),
                    acting_user=w.commander)  # fmt: skip
    svc.incident_stand_down(incident=incident, resolution="明火扑灭", acting_user=w.commander)
    svc.report_file(incident=incident, data=svc.ReportInput(kind="final", **REPORT),
                    acting_user=w.commander)  # fmt: skip
    svc.incident_review(incident=incident, summary="处置及时", went_well="到场快",
                        to_improve="通道堵塞", actions=[], acting_user=w.commander)  # fmt: skip
    document_issue(target="incident", pk=incident.pk, kind="emergency_review",
                   acting_user=w.commander)  # fmt: skip
    from huajie.documents.docx_writer import render_docx  # noqa: F401 - the writer exists

    docx = document_render(target="incident", pk=incident.pk, kind="emergency_review",
                           fmt="docx", acting_user=w.commander)  # fmt: skip
    import io
    import zipfile

    xml = zipfile.ZipFile(io.BytesIO(docx.content)).read("word/document.xml").decode()
    assert "总结评估报告" in xml and "收到" in xml and "超时" in xml
    pdf = document_render(target="incident", pk=incident.pk, kind="emergency_review",
                          fmt="pdf", acting_user=w.commander)  # fmt: skip
    assert pdf.content[:4] == b"%PDF"


def test_a_scheduled_drill_runs_through_the_real_flow_as_an_exercise() -> None:
    from ..models import Drill
    from ..selectors import drills_due
    from ..services.hazards import DrillInput, drill_save

    w = make_world()
    drill = drill_save(data=DrillInput(plan=w.plan, kind="live", scenario="大殿起火疏散演练",
                                       planned_on=timezone.localdate()),
                       acting_user=w.commander)  # fmt: skip
    c = client_for(w.commander)
    page = c.get(reverse("emergency:incident_new") + f"?drill={drill.pk}").content.decode()
    assert "【演练】大殿起火疏散演练" in page
    received = (timezone.localtime() - timedelta(minutes=1)).strftime("%Y-%m-%d %H:%M")
    resp = c.post(reverse("emergency:incident_new"), {
        "received_at": received, "incident_type": w.fire.pk, "title": "【演练】大殿起火",
        "place": "石门寺", "people_count": 0, "deaths": 0, "injured": 0, "drill": drill.pk,
        "description": "演练", "source": "direct", "is_exercise": "on",
    })  # fmt: skip
    assert resp.status_code == 302
    drill.refresh_from_db()
    assert drill.incident is not None and drill.incident.is_exercise
    assert Drill.objects.count() == 1
    [due] = drills_due(user=w.commander)
    assert due.last_held is None  # a drill counts once it is recorded as held


def test_the_incident_page_shows_the_registry_forms_each_to_whom_its_rule_allows() -> None:
    w = make_world()
    incident = report_incident(w)
    commander = client_for(w.commander)
    page = commander.get(reverse("emergency:incident", args=[incident.pk])).content.decode()
    assert 'name="activate-grade"' in page and '<option value="4" selected>' in page
    assert 'name="dismiss-resolution"' in page and 'name="stand_down-resolution"' not in page
    act = reverse("emergency:incident_act", args=[incident.pk, "activate"])
    resp = commander.post(act, {"activate-grade": "", "activate-version": incident.version})
    assert resp.status_code == 400 and "请选择响应级别。" in resp.content.decode()
    resp = commander.post(act, {"activate-grade": 2, "activate-version": incident.version},
                          follow=True)  # fmt: skip
    assert "请填写定级理由后再启动" in resp.content.decode()
    commander.post(act, {"activate-grade": 4, "activate-version": incident.version})
    incident.refresh_from_db()
    page = commander.get(reverse("emergency:incident", args=[incident.pk])).content.decode()
    for name in ("regrade-grade", "stand_down-resolution", "report-kind", "log-files",
                 "task_done-task"):  # fmt: skip
        assert f'name="{name}"' in page, name
    assert 'enctype="multipart/form-data"' in page and 'name="activate-grade"' not in page
    stand_down = reverse("emergency:incident_act", args=[incident.pk, "stand_down"])
    body = {"stand_down-resolution": "", "stand_down-version": incident.version}
    resp = commander.post(stand_down, body)
    assert resp.status_code == 400 and "响应终止前请填写处置结果" in resp.content.decode()
    report = reverse("emergency:incident_act", args=[incident.pk, "report"])
    resp = commander.post(report, {f"report-{k}": v for k, v in {
        "kind": "continued", **REPORT, "happened": "东配殿起火，已疏散"}.items()})  # fmt: skip
    text = resp.content.decode()
    assert resp.status_code == 400 and "请先报送首报，再报续报。" in text
    assert "东配殿起火，已疏散" in text  # the report stays as typed
    member = client_for(w.fire_member)
    page = member.get(reverse("emergency:incident", args=[incident.pk])).content.decode()
    assert 'name="log-text"' in page and 'name="stand_down-resolution"' not in page
    body = {"stand_down-resolution": "结束", "stand_down-version": incident.version}
    resp = member.post(stand_down, body, follow=True)
    incident.refresh_from_db()
    assert incident.status == IncidentStatus.ACTIVE
    task = incident.tasks.get()
    done = reverse("emergency:incident_act", args=[incident.pk, "task_done"])
    assert 'name="task_done-task"' not in page  # not the step's owner
    resp = member.post(done, {"task_done-task": task.pk, "task_done-note": "已断电"}, follow=True)
    assert "只有该步骤的责任人或现场指挥可以标记完成" in resp.content.decode()
    leader = client_for(w.fire_leader)  # the step's owner: its group's leader
    assert 'name="task_done-task"' in leader.get(
        reverse("emergency:incident", args=[incident.pk])).content.decode()  # fmt: skip
    leader.post(done, {"task_done-task": task.pk, "task_done-note": "已断电"})
    task.refresh_from_db()
    assert task.done_by == w.fire_leader and task.note == "已断电"
