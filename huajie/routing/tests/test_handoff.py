"""The unit accepted at registration is the one pre-selected on the case's 转送 and 交办 forms,
and the hand-off actually made is what the case's suggestion records."""

from __future__ import annotations

import re
from datetime import date

import pytest
import time_machine
from django.urls import reverse

from huajie.orgs.models import RoleCode
from huajie.orgs.tests.factories import County, make_county, make_unit, make_user
from huajie.petitions.models import Category, Petition, PetitionClass
from huajie.petitions.services import (
    petition_accept,
    petition_assign,
    petition_return,
    petition_transfer,
)
from huajie.petitions.services.categories import categories_load
from huajie.petitions.tests.factories import register
from huajie.routing.models import Suggestion
from huajie.routing.services import keyword_rule_save

pytestmark = pytest.mark.django_db
WALL = ("小区外墙脱落", "小区外墙脱落，物业不维修，请求处理。")


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(date(2025, 10, 9)):
        yield


@pytest.fixture
def c() -> County:
    """A county whose keyword rule proposes the 住建局 for a wall that falls off."""
    county = make_county()
    categories_load(triples=[("城乡建设", "城市建设和市政管理", "小区管理")])
    keyword_rule_save(
        category=Category.objects.get(name="小区管理"),
        keyword_text="外墙、物业",
        unit=county.dept,
        acting_user=county.clerk,
    )
    return county


def accepted(c: County, unit_id: object, **overrides: object) -> Petition:
    return register(
        c, title=WALL[0], content=WALL[1], extras={"x_routing_unit": str(unit_id)}, **overrides
    )


def selected(html: str, form: str, field: str) -> str | None:
    """The value pre-selected in `form`'s select `field` of the case page."""
    body = html.split(f'data-testid="form-{form}"', 1)[1].split("</form>", 1)[0]
    select = re.search(rf'<select name="{form}-{field}".*?</select>', body, re.S)
    assert select, f"no {field} select in the {form} form"
    chosen = re.search(r'<option value="(\d+)" selected>', select.group(0))
    return chosen.group(1) if chosen else None


def case_page(client, user, petition: Petition) -> str:
    client.force_login(user)
    return client.get(reverse("petitions:detail", args=[petition.pk])).content.decode()


def test_the_unit_accepted_at_registration_is_preselected_for_transfer_and_assignment(client, c):
    case = accepted(c, c.dept.pk)
    assert selected(case_page(client, c.clerk, case), "transfer", "to_unit") == str(c.dept.pk)
    petition_accept(petition=case, acting_user=c.clerk, expected_version=None)
    html = case_page(client, c.clerk, case)
    assert selected(html, "assign", "handling_unit") == str(c.dept.pk)
    # The leader and handler selects already list that unit's people.
    form = html.split('data-testid="form-assign"', 1)[1].split("</form>", 1)[0]
    assert f'value="{c.handler.pk}"' in form and f'value="{c.dept_leader.pk}"' in form


def test_without_an_accepted_unit_nothing_is_preselected(client, c):
    case = register(c, title=WALL[0], content=WALL[1])
    assert selected(case_page(client, c.clerk, case), "transfer", "to_unit") is None


def test_the_accused_unit_is_never_preselected(client, c):
    """Even when the recorded choice is (or is under) the accused unit, e.g. an accusation
    naming it after the unit was chosen."""
    below = make_unit("清河县住建局物业科", parent=c.dept)
    case = accepted(c, c.other_dept.pk, petition_class=PetitionClass.ACCUSATION,
                    accused_unit=c.dept)  # fmt: skip
    for unit in (c.dept, below):
        Suggestion.objects.filter(petition=case).update(chosen_unit=unit)
        assert selected(case_page(client, c.clerk, case), "transfer", "to_unit") is None


def test_a_transfer_records_the_unit_actually_chosen_and_its_rank(c):
    case = accepted(c, c.dept.pk)
    petition_transfer(petition=case, acting_user=c.clerk, expected_version=None,
                      to_unit=c.other_dept)  # fmt: skip
    recorded = Suggestion.objects.get(petition=case)
    assert recorded.units[0]["id"] == c.dept.pk
    assert recorded.chosen_unit == c.other_dept and recorded.unit_rank is None
    # Returned: the choice was not competent and is no longer proposed.
    receiver = make_user(c.other_dept, RoleCode.CLERK, username="hr_clerk")
    petition_return(petition=case, acting_user=receiver, expected_version=None,
                    reason="不属本单位职权")  # fmt: skip
    recorded.refresh_from_db()
    assert recorded.chosen_unit is None and recorded.unit_rank is None
    petition_transfer(petition=case, acting_user=c.clerk, expected_version=None, to_unit=c.dept)
    recorded.refresh_from_db()
    assert recorded.chosen_unit == c.dept and recorded.unit_rank == 1


def test_an_assignment_records_the_unit_and_its_rank(c):
    case = register(c, title=WALL[0], content=WALL[1])
    petition_accept(petition=case, acting_user=c.clerk, expected_version=None)
    petition_assign(
        petition=case, acting_user=c.clerk, expected_version=None,
        handling_unit=c.dept, responsible_leader=c.dept_leader, handler=c.handler,
    )  # fmt: skip
    recorded = Suggestion.objects.get(petition=case)
    assert recorded.chosen_unit == c.dept and recorded.unit_rank == 1
