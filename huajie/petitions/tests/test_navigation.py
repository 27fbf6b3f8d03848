"""The petitions module's entry, pages and home cards (declared in petitions/navigation.py)."""

import pytest

from huajie.accounts.navigation import home_cards_for, nav_for
from huajie.orgs.models import RoleCode
from huajie.orgs.tests.factories import make_unit, make_user

PAGES = ["我的待办", "登记", "期限预警", "台账导入"]


def pages(user) -> list[str]:
    return [str(item.label) for item in nav_for(user=user, path="/")[0].items if item.sub]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (RoleCode.CLERK, PAGES),
        (RoleCode.LEADER, PAGES),
        (RoleCode.HANDLER, ["我的待办"]),
        (RoleCode.MEDIATOR, []),
    ],
)
def test_the_petition_pages_each_role_sees(role, expected):
    assert pages(make_user(make_unit(), role)) == expected


@pytest.mark.django_db
def test_the_leader_card_links_to_supervision_and_hot_issues():
    (card,) = home_cards_for(user=make_user(make_unit(), RoleCode.LEADER))
    assert [link.url for link in card.links] == [
        "/petitions/supervision/",
        "/similarity/hot/",
        "/petitions/my/",
        "/petitions/",
    ]
