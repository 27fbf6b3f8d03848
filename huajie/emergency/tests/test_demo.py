"""The demo seed gives the demo commander real work (and runs twice safely)."""

from __future__ import annotations

from io import StringIO

import pytest

from huajie.emergency.demo import seed
from huajie.emergency.models import Hazard, Incident
from huajie.emergency.navigation import commander_live
from huajie.orgs.demo import seed_demo
from huajie.orgs.models import Role, RoleCode, User

pytestmark = pytest.mark.django_db


def test_seed_gives_the_commander_an_active_incident_a_late_ack_and_an_overdue_hazard() -> None:
    for code, label in RoleCode.choices:
        Role.objects.get_or_create(code=code, defaults={"name": label})
    seed_demo()  # the demo county and its logins (manage.py seed_demo then runs every app's seed)
    seed(StringIO())
    seed(StringIO())  # idempotent: a second run adds nothing
    assert set(Incident.objects.values_list("status", flat=True)) == {"active", "reported"}
    assert {"open", "rectified", "closed"} <= set(Hazard.objects.values_list("status", flat=True))
    live = commander_live(User.objects.get(username="commander"))
    counts = {str(c.label): c.value for c in live.counts}
    assert counts["响应中"] == 1 and counts["待启动"] == 1
    assert counts["未按时收到"] >= 1 and counts["隐患逾期未整改"] == 1 and counts["演练逾期"] == 1
