"""The scoping matrix extended to disputes: every role × own / child / sibling / parent / the
registering unit (after escalation) × read (selector, page, API) and act (a workflow action).

Tree:      R (town)
          /  \\
   (own) A    B (sibling)
         |
   (child) A1
A user sits in A. A dispute registered at B and escalated to R's child C is *assigned* to B
(its registering unit keeps reading it)."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from huajie.common.scoping import visible_to
from huajie.mediation import services as s
from huajie.mediation.actions import ACTIONS
from huajie.mediation.models import Dispute
from huajie.mediation.selectors import dispute_list_for_user
from huajie.orgs.models import RoleCode, Unit, UnitKind, User
from huajie.orgs.tests.factories import make_unit, make_user

from .factories import dispute_type, parties

RELATIONS = ["own", "child", "sibling", "parent", "assigned"]
READABLE = {"own", "child", "assigned"}
ACTING = {"own", "child"}  # mediators and leaders of the committee's subtree
MEDIATION = {RoleCode.MEDIATOR, RoleCode.LEADER}


def _dispute(unit: Unit, user: User) -> Dispute:
    return s.dispute_register(
        data=s.DisputeInput(
            title=f"{unit.name}的纠纷", summary="情况", dispute_type=dispute_type(),
            dispute_class=3, source="walk_in", procedure="full",
            received_on=date(2025, 11, 3), parties=parties(), unit=unit,
        ),
        acting_user=user,
    )  # fmt: skip


@pytest.fixture
def tree(db: None) -> dict[str, Dispute]:
    root = make_unit("城关镇人民政府", kind=UnitKind.TOWN)
    a = make_unit("西街村", parent=root, kind=UnitKind.VILLAGE)
    b = make_unit("河口村", parent=root, kind=UnitKind.VILLAGE)
    a1 = make_unit("西街村一组调解小组", parent=a, kind=UnitKind.MEDIATION)
    c = make_unit("城关镇人民调解委员会", parent=root, kind=UnitKind.MEDIATION)
    admin = User.objects.create_superuser(username="root", password="Test-Passw0rd!")
    found = {rel: _dispute(u, admin) for rel, u in
             {"own": a, "child": a1, "sibling": b, "parent": root}.items()}  # fmt: skip
    escalated = _dispute(a, admin)
    s.dispute_escalate(dispute=escalated, acting_user=admin, expected_version=escalated.version,
                       level="town", reason="提级", to_unit=c)  # fmt: skip
    found["assigned"] = escalated
    return found


@pytest.mark.parametrize("role", [r.value for r in RoleCode])
def test_matrix_selector_page_api_and_actions(tree: dict[str, Dispute], role: str) -> None:
    own = tree["own"].origin_unit
    user = make_user(own, role)
    visible = set(dispute_list_for_user(user=user).values_list("pk", flat=True))
    client = Client()
    client.force_login(user)
    for rel in RELATIONS:
        d = Dispute.objects.get(pk=tree[rel].pk)
        readable = rel in READABLE
        assert (d.pk in visible) == readable, (role, rel, "list")
        page = client.get(f"/mediation/{d.pk}/")
        assert page.status_code == (200 if readable else 404), (role, rel, "page")
        api = client.get(f"/api/v1/mediation/disputes/{d.pk}/")
        assert api.status_code == (200 if readable else 404), (role, rel, "api")
        if readable:
            acts = {a.name for a in ACTIONS.available(user, d)}
            expected = rel in ACTING and role in MEDIATION
            assert ("accept" in acts) == expected, (role, rel, "act")


def test_the_listed_scope_reads_exactly_the_subquery_scope(tree: dict[str, Dispute]) -> None:
    """The ledger names the units of its scope by key (for the planner's count estimate); every
    unit of the tree, the town committee reading the whole town included, sees the same rows."""
    seen: set[int] = set()
    for unit in Unit.objects.all():
        user = make_user(unit, RoleCode.MEDIATOR)
        rows = set(visible_to(Dispute.objects.all(), user).values_list("pk", flat=True))
        listed = visible_to(Dispute.objects.all(), user, listed=True)
        assert set(listed.values_list("pk", flat=True)) == rows, unit.name
        seen |= rows
    assert seen == set(Dispute.objects.values_list("pk", flat=True))
