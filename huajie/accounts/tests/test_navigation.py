"""The navigation registry: apps contribute modules, planned modules stay disabled."""

from __future__ import annotations

import pytest

from huajie.accounts import navigation
from huajie.accounts.navigation import (
    PLANNED,
    Card,
    Link,
    Module,
    Page,
    home_cards_for,
    modules,
    nav_for,
    register,
)
from huajie.orgs.models import RoleCode
from huajie.orgs.tests.factories import make_user

ARCHIVE = Module(
    key="archive",
    label="档案",
    icon="bi-archive",
    route="orgs:index",  # any existing route
    order=15,
    page_roles=frozenset({RoleCode.HANDLER}),
    pages=(
        Page("借阅", "bi-book", "home"),
        Page("销毁", "bi-trash", "orgs:index", frozenset({RoleCode.LEADER})),
        Page("建设中的页", "bi-cone", "archive:later"),
    ),
    cards=(
        Card(
            role=RoleCode.HANDLER,
            title="待归档",
            icon="bi-archive",
            description="已办结待归档的事项。",
            links=(Link("档案", "orgs:index"),),
        ),
    ),
)


@pytest.fixture
def archive(monkeypatch):
    monkeypatch.setitem(navigation._REGISTERED, ARCHIVE.key, ARCHIVE)
    return ARCHIVE


def labels(user, path="/"):
    return [(item.label, item.url, item.sub) for item in nav_for(user=user, path=path)[0].items]


def test_apps_register_their_modules_and_the_planned_ones_follow_in_order():
    assert [module.key for module in modules()] == [
        "petitions",
        "mediation",
        "duty",
        "emergency",
        "analytics",
    ]
    assert {module.key for module in PLANNED} <= {"emergency", "analytics"}


def test_a_planned_module_registering_itself_is_told_to_delete_its_placeholder():
    with pytest.raises(ValueError, match="delete its line from PLANNED"):
        register(
            Module(
                key="analytics",
                label="统计",
                icon="bi-bar-chart",
                route="analytics:index",
                order=50,
            )
        )


@pytest.mark.django_db
def test_a_registered_module_shows_its_entry_and_the_pages_the_user_may_open(unit, archive):
    handler = make_user(unit, RoleCode.HANDLER, username="handler")
    items = labels(handler)
    at = items.index(("档案", "/orgs/", False))
    assert items[at + 1] == ("借阅", "/", True)
    # "销毁" is for leaders, "建设中的页" has no route yet: neither is listed
    assert not any(label in ("销毁", "建设中的页") for label, _, _ in items)
    assert [m.key for m in modules()].index("archive") == 1  # order 15: after petitions


@pytest.mark.django_db
def test_everyone_sees_a_module_entry_but_only_its_roles_see_its_pages(unit, archive):
    mediator = make_user(unit, RoleCode.MEDIATOR, username="mediator")
    items = labels(mediator)
    assert ("档案", "/orgs/", False) in items
    assert ("借阅", "/", True) not in items


@pytest.mark.django_db
def test_on_a_sub_page_the_page_is_lit_not_its_module(unit, archive):
    leader = make_user(unit, RoleCode.LEADER, RoleCode.HANDLER, username="leader")
    items = nav_for(user=leader, path="/orgs/")[0].items
    lit = [(item.label, item.sub) for item in items if item.active]
    assert lit == [("销毁", True)]


@pytest.mark.django_db
def test_home_cards_come_from_the_modules_in_role_order_and_can_carry_live_content(unit, archive):
    user = make_user(unit, RoleCode.ADMIN, RoleCode.HANDLER, username="both")
    # Only the petitions module, the archive fixture and the system card: other modules' cards
    # (duty's 我的值班 for anyone on a roster) are not what this test is about.
    cards = [
        card
        for card in home_cards_for(user=user)
        if str(card.title) in {"我的待办", "待归档", "系统管理"}
    ]
    assert [(card.role, str(card.title)) for card in cards] == [
        (RoleCode.HANDLER, "我的待办"),
        (RoleCode.HANDLER, "待归档"),
        (RoleCode.ADMIN, "系统管理"),
    ]
    # 我的待办 carries the handler's live counts (petitions/home.py); the others have none.
    assert cards[0].live is not None
    assert cards[1].live is None and cards[2].live is None
    assert cards[1].links[0].url == "/orgs/"
