"""Who sees and who commands an incident, through the selector, the page and the API: the
receiving unit and the units above it, the commanding unit and the units of the plan's members
read it; a sibling or a unit below sees nothing (404); only command may act."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from huajie.common.errors import NotFound
from huajie.orgs.models import RoleCode
from huajie.orgs.tests.factories import make_unit, make_user

from .. import rules, selectors
from .factories import make_world, report_incident

pytestmark = pytest.mark.django_db


def test_scoping_matrix_for_incidents() -> None:
    w = make_world()
    incident = report_incident(w)  # received by the petition office (w.duty's unit)
    child = make_unit("信访局接待科", parent=w.c.office)
    sibling = make_unit("清河县文旅局", parent=w.c.county)
    cases = {
        # role holder: (reads, commands)
        "receiving unit's commander": (make_user(w.c.office, RoleCode.COMMANDER), True, True),
        "county leader (parent)": (w.c.county_leader, True, True),
        "commanding unit's commander": (w.commander, True, True),
        "member's unit colleague": (make_user(w.c.other_dept, RoleCode.CLERK), True, False),
        "receiving unit's clerk": (w.c.clerk, True, False),
        "sibling commander": (make_user(sibling, RoleCode.COMMANDER), False, False),
        "child unit commander": (make_user(child, RoleCode.COMMANDER), False, False),
    }
    for label, (user, reads, commands) in cases.items():
        try:
            selectors.incident_get_for_user(user=user, pk=incident.pk)
            seen = True
        except NotFound:
            seen = False
        assert seen == reads, label
        page = Client()
        page.force_login(user)
        code = page.get(reverse("emergency:incident", args=[incident.pk])).status_code
        assert code == (200 if reads else 404), label
        api = APIClient()
        api.force_authenticate(user)
        code = api.get(f"/api/v1/emergency/incidents/{incident.pk}/").status_code
        assert code == (200 if reads else 404), label
        assert rules.commands(user, incident) == commands, label
        if reads and not commands:
            resp = api.post(f"/api/v1/emergency/incidents/{incident.pk}/actions/activate/",
                            {"grade": 4, "version": incident.version}, format="json")  # fmt: skip
            assert resp.status_code == 403, label


def test_plan_versions_are_read_by_the_applies_to_unit_and_edited_only_by_the_issuer() -> None:
    """A school's plan issued by the education bureau applies to the school: the school's
    people read every version (page and library), never edit it; a sibling sees nothing."""
    from huajie.emergency.services import plans as plan_svc

    w = make_world()
    edu = make_unit("清河县教育局", parent=w.c.county)
    school = make_unit("清河县第一中学", parent=w.c.county)
    issuer = make_user(edu, RoleCode.COMMANDER)
    plan = plan_svc.plan_create(
        unit=edu, area_unit=school, name="第一中学校园安全事故应急预案", acting_user=issuer,
        header={"issuing_organ": "清河县教育局", "scope_text": "第一中学",
                "principles": "生命至上", "command_name": "校园安全事故应急领导小组"},
    )  # fmt: skip
    version = plan.versions.get()
    head = make_user(school, RoleCode.COMMANDER)
    teacher = make_user(school, RoleCode.CLERK)
    stranger = make_user(w.c.dept, RoleCode.COMMANDER)
    page = reverse("emergency:version", args=[version.pk])
    edit = reverse("emergency:version_edit", args=[version.pk])
    for user, code in ((head, 200), (teacher, 200), (issuer, 200), (stranger, 404)):
        client = Client()
        client.force_login(user)
        assert client.get(page).status_code == code, user
        seen = plan in selectors.plan_list_for_user(user=user)
        assert seen == (code == 200), user
    client = Client()
    client.force_login(head)
    assert client.get(edit).status_code == 403
    resp = client.post(edit, {"title": "改名"})
    assert resp.status_code == 403
    version.refresh_from_db()
    assert version.title == "第一中学校园安全事故应急预案"
    assert not rules.may_edit_plan(head, plan)
