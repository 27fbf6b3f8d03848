"""Accusations are kept from the accused unit (issue 10, item 7)."""

from datetime import date
from typing import Any

import pytest
import time_machine

from huajie.common.errors import ApplicationError
from huajie.orgs.models import RoleCode
from huajie.orgs.tests.factories import make_unit, make_user
from huajie.petitions import services as s
from huajie.petitions.selectors import petition_base_for_user
from huajie.petitions.tests.factories import make_county, register

pytestmark = pytest.mark.django_db


@pytest.fixture
def c() -> Any:
    with time_machine.travel(date(2025, 10, 20)):
        county: Any = make_county()
        county.section = make_unit("住建局房管股", parent=county.dept)
        county.accusation = register(
            county,
            petition_class="accusation",
            title="检举住建局房管股工作人员收受好处费",
            accused_unit=county.section,
        )
        s.petition_accept(
            petition=county.accusation, acting_user=county.clerk, expected_version=None
        )
        yield county


def visible(user, petition) -> bool:
    return petition_base_for_user(user=user).filter(pk=petition.pk).exists()


def test_an_accusation_names_the_accused_unit(c):
    assert c.accusation.accused_unit == c.section


def test_it_is_never_assigned_to_the_accused_unit(c):
    unit = c.section
    handler = make_user(unit, RoleCode.HANDLER, username="section-handler")
    leader = make_user(unit, RoleCode.LEADER, username="section-leader")
    with time_machine.travel(date(2025, 10, 20)), pytest.raises(ApplicationError) as err:
        s.petition_assign(
            petition=c.accusation,
            acting_user=c.clerk,
            expected_version=None,
            handling_unit=unit,
            responsible_leader=leader,
            handler=handler,
        )
    assert err.value.code == "accused_unit" and "回避" in err.value.message


def test_it_is_never_transferred_to_a_unit_under_the_accused(c):
    accusation = register(c, petition_class="accusation", title="检举住建局", accused_unit=c.dept)
    with time_machine.travel(date(2025, 10, 20)), pytest.raises(ApplicationError) as err:
        s.petition_transfer(
            petition=accusation, acting_user=c.clerk, expected_version=None, to_unit=c.section
        )
    assert err.value.code == "accused_unit"


def test_only_the_people_on_the_case_read_it(c):
    with time_machine.travel(date(2025, 10, 20)):
        s.petition_assign(
            petition=c.accusation,
            acting_user=c.clerk,
            expected_version=None,
            handling_unit=c.other_dept,
            responsible_leader=make_user(c.other_dept, RoleCode.LEADER, username="rs-leader"),
            handler=make_user(c.other_dept, RoleCode.HANDLER, username="rs-handler"),
        )
    other_leader = make_user(c.other_dept, RoleCode.LEADER, username="rs-leader-2")
    section_leader = make_user(c.section, RoleCode.LEADER, username="section-boss")
    c.accusation.refresh_from_db()
    assert visible(c.accusation.handler, c.accusation)
    assert visible(c.accusation.responsible_leader, c.accusation)
    assert visible(c.clerk, c.accusation)
    assert not visible(other_leader, c.accusation)  # a leader of the handling unit, not on it
    assert not visible(section_leader, c.accusation)  # the accused unit
    assert not visible(c.dept_leader, c.accusation)
