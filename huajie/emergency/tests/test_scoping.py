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
            resp = api.post(f"/api/v1/emergency/incidents/{incident.pk}/activate/", {"grade": 4},
                            format="json")  # fmt: skip
            assert resp.status_code == 403, label
