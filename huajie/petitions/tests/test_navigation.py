"""The petitions module's entry, pages and home cards (declared in petitions/navigation.py)."""

import pytest
from django.urls import reverse

from huajie.accounts.navigation import home_cards_for, nav_for
from huajie.orgs.models import RoleCode
from huajie.orgs.tests.factories import make_unit, make_user

PAGES = ["我的待办", "登记", "期限预警", "台账导入"]


def pages(user) -> list[str]:
    """The pages listed under the petitions entry (other modules list theirs under their own)."""
    items = nav_for(user=user, path="/")[0].items
    start = next(i for i, item in enumerate(items) if item.url == reverse("petitions:index"))
    found = []
    for item in items[start + 1 :]:
        if not item.sub:
            break
        found.append(str(item.label))
    return found


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (RoleCode.CLERK, PAGES),
        (RoleCode.LEADER, [*PAGES, "热点问题"]),  # the leader finds hot issues in his menu
        (RoleCode.HANDLER, ["我的待办"]),
        (RoleCode.MEDIATOR, []),
    ],
)
def test_the_petition_pages_each_role_sees(role, expected):
    assert pages(make_user(make_unit(), role)) == expected


@pytest.mark.django_db
def test_the_leader_card_links_to_supervision_and_hot_issues():
    # the leader's petitions card comes first (module order); mediation adds one of its own
    card = home_cards_for(user=make_user(make_unit(), RoleCode.LEADER))[0]
    assert [link.url for link in card.links] == [
        "/petitions/supervision/",
        "/similarity/hot/",
        "/petitions/my/",
        "/petitions/",
    ]
