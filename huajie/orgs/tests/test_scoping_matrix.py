"""Every role × own / child / sibling / parent unit × read / write: nothing leaks.

Tree:      R (parent)
          /  \\
   (own) A    B (sibling)
         |
   (child) A1
A user sits in A. Each unit owns one work group; R also owns a group with a member from A, which
is therefore *assigned* to A: readable, never writable.
"""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from huajie.common.scoping import can_write, visible_to
from huajie.orgs.models import RoleCode, Unit, WorkGroup, WorkGroupMember
from huajie.orgs.tests.factories import make_unit, make_user

WRITERS = {"admin", "leader", "commander"}
RELATIONS = ["own", "child", "sibling", "parent", "assigned"]
READABLE = {"own", "child", "assigned"}
WRITABLE_SUBTREE = {"own", "child"}


@pytest.fixture
def tree(db):
    root = make_unit("上级单位R")
    a = make_unit("本单位A", parent=root)
    b = make_unit("兄弟单位B", parent=root)
    a1 = make_unit("下级单位A1", parent=a)
    units = {"own": a, "child": a1, "sibling": b, "parent": root}
    groups = {
        rel: WorkGroup.objects.create(unit=u, kind="work", name=f"{rel}组")
        for rel, u in units.items()
    }
    groups["assigned"] = WorkGroup.objects.create(unit=root, kind="leading", name="联席会议")
    WorkGroupMember.objects.create(group=groups["assigned"], position="member", name="成员", unit=a)
    return units, groups


@pytest.mark.parametrize("role", [r.value for r in RoleCode])
def test_matrix_selector_and_service_rules(tree, role):
    units, groups = tree
    user = make_user(units["own"], role)
    visible = set(visible_to(WorkGroup.objects.all(), user).values_list("pk", flat=True))
    for rel in RELATIONS:
        group = groups[rel]
        assert (group.pk in visible) == (rel in READABLE), (role, rel, "read")
        expected_write = role in WRITERS and rel in WRITABLE_SUBTREE
        assert can_write(user, group) == expected_write, (role, rel, "write")
    visible_units = set(visible_to(Unit.objects.all(), user))
    assert visible_units == {units["own"], units["child"]}


@pytest.mark.parametrize("role", [r.value for r in RoleCode])
def test_matrix_through_the_api(tree, role):
    units, groups = tree
    user = make_user(units["own"], role)
    client = APIClient()
    client.force_authenticate(user)
    listed = {g["id"] for g in client.get("/api/v1/orgs/workgroups/").json()["results"]}
    assert listed == {groups[rel].pk for rel in READABLE}
    for rel in RELATIONS:
        url = f"/api/v1/orgs/workgroups/{groups[rel].pk}/"
        read = client.get(url)
        assert read.status_code == (200 if rel in READABLE else 404), (role, rel)
        write = client.patch(url, {"duties": "新职责"}, format="json")
        if role in WRITERS and rel in WRITABLE_SUBTREE:
            assert write.status_code == 200, (role, rel, write.json())
        elif rel in READABLE:
            assert write.status_code == 403, (role, rel)
            assert write.json()["code"] == "permission_denied"
        else:
            assert write.status_code == 404, (role, rel)
            assert write.json()["code"] == "not_found"
        groups[rel].refresh_from_db()
        changed = groups[rel].duties == "新职责"
        assert changed == (role in WRITERS and rel in WRITABLE_SUBTREE), (role, rel)
        if changed:
            WorkGroup.objects.filter(pk=groups[rel].pk).update(duties="")
    unit_ids = {u["id"] for u in client.get("/api/v1/orgs/units/").json()["results"]}
    assert unit_ids == {units["own"].pk, units["child"].pk}
    assert client.get(f"/api/v1/orgs/units/{units['parent'].pk}/").status_code == 404


def test_user_without_unit_sees_nothing(tree):
    user = make_user(None, "leader")
    assert not visible_to(WorkGroup.objects.all(), user).exists()
    assert not can_write(user, tree[1]["own"])


def test_inactive_user_sees_nothing(tree):
    user = make_user(tree[0]["own"], "admin")
    user.is_active = False
    assert not visible_to(WorkGroup.objects.all(), user).exists()


def test_org_page_lists_only_visible_units_and_groups(tree, client):
    units, groups = tree
    user = make_user(units["own"], "clerk")
    client.force_login(user)
    page = client.get("/orgs/").content.decode()
    assert "本单位A" in page and "下级单位A1" in page and "联席会议" in page
    for hidden in ("兄弟单位B", "sibling组", "parent组"):
        assert hidden not in page
