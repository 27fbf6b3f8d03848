"""Duplicate candidates: same petitioner, similar content, scoping, constant query count."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from huajie.orgs.tests.factories import make_user
from huajie.petitions.models import Petition
from huajie.petitions.services import PetitionerInput
from huajie.petitions.states import Status
from huajie.petitions.tests.factories import VALID_IDS, make_county
from huajie.similarity.selectors import (
    Reason,
    candidates_for_petition,
    duplicate_candidates,
    links_for_user,
)
from huajie.similarity.services import petition_link

from .factories import OIL_SMOKE, OIL_SMOKE_AGAIN, WAGES, signed

pytestmark = pytest.mark.django_db

RELATED_BY_SAME_PERSON = (
    "魅力之城小区门面油烟问题仍未解决",
    "上次反映的魅力之城小区临街门面餐馆油烟直排问题至今没有处理，没有专用烟道，"
    "餐馆照常营业到凌晨，油烟和噪音依旧，楼上住户不敢开窗，请告知处理进度。",
)


def _person(number: int) -> list[PetitionerInput]:
    return [PetitionerInput(name="刘桂兰", id_number=VALID_IDS[number])]


def test_the_same_petitioner_with_an_open_case_on_the_same_matter_comes_first():
    c = make_county()
    open_case = signed(c, *OIL_SMOKE, petitioners=_person(0))
    other_person = signed(c, *OIL_SMOKE_AGAIN, petitioners=_person(1))
    found = duplicate_candidates(
        user=c.clerk,
        title=RELATED_BY_SAME_PERSON[0],
        content=RELATED_BY_SAME_PERSON[1],
        id_numbers=[VALID_IDS[0].lower()],
    )
    assert found[0].petition == open_case
    assert found[0].reason == Reason.SAME_PETITIONER
    assert found[0].reason_label.startswith("同一信访人")
    assert all(x.reason != Reason.SAME_PETITIONER for x in found if x.petition == other_person)


def test_a_closed_case_or_another_matter_of_the_same_petitioner_is_not_proposed_as_such():
    c = make_county()
    closed = signed(c, *OIL_SMOKE, petitioners=_person(0))
    Petition.objects.filter(pk=closed.pk).update(status=Status.CLOSED)
    signed(c, *WAGES, petitioners=_person(0))
    found = duplicate_candidates(
        user=c.clerk,
        title=RELATED_BY_SAME_PERSON[0],
        content=RELATED_BY_SAME_PERSON[1],
        id_numbers=[VALID_IDS[0]],
    )
    assert all(c.reason != Reason.SAME_PETITIONER for c in found)


def test_similar_content_is_found_without_any_id_number_and_unrelated_content_is_not():
    c = make_county()
    first = signed(c, *OIL_SMOKE)
    signed(c, *WAGES)
    found = duplicate_candidates(user=c.clerk, title=OIL_SMOKE_AGAIN[0], content=OIL_SMOKE_AGAIN[1])
    assert [x.petition for x in found] == [first]
    assert found[0].reason in (Reason.SIMILAR, Reason.NEAR_DUPLICATE)
    assert 0.5 <= found[0].score <= 1


def test_an_identical_text_is_a_near_duplicate_and_the_case_itself_can_be_excluded():
    c = make_county()
    first = signed(c, *OIL_SMOKE)
    found = duplicate_candidates(user=c.clerk, title=OIL_SMOKE[0], content=OIL_SMOKE[1])
    assert found[0].petition == first and found[0].score == 1.0
    assert found[0].reason == Reason.NEAR_DUPLICATE
    assert not duplicate_candidates(
        user=c.clerk, title=OIL_SMOKE[0], content=OIL_SMOKE[1], exclude_pk=first.pk
    )


def test_no_candidates_from_cases_the_user_cannot_see():
    c = make_county()
    signed(c, *OIL_SMOKE, petitioners=_person(0))
    found = duplicate_candidates(
        user=c.outsider, title=OIL_SMOKE[0], content=OIL_SMOKE[1], id_numbers=[VALID_IDS[0]]
    )
    assert found == []


def test_an_accusation_stays_hidden_from_a_colleague_who_does_not_handle_it():
    c = make_county()
    accusation = signed(c, *OIL_SMOKE, petition_class="accusation", petitioners=_person(0))
    colleague = make_user(c.office, "clerk")
    args: dict[str, Any] = {
        "title": OIL_SMOKE[0],
        "content": OIL_SMOKE[1],
        "id_numbers": [VALID_IDS[0]],
    }
    assert duplicate_candidates(user=colleague, **args) == []
    assert [x.petition for x in duplicate_candidates(user=c.clerk, **args)] == [accusation]


def test_a_lookup_costs_the_same_number_of_queries_for_one_or_many_matches():
    c = make_county()
    signed(c, *OIL_SMOKE, petitioners=_person(0))
    args: dict[str, Any] = {
        "title": OIL_SMOKE[0],
        "content": OIL_SMOKE[1],
        "id_numbers": [VALID_IDS[0]],
    }
    duplicate_candidates(user=c.office_leader, **args)  # warm: the user's roles are cached
    with CaptureQueriesContext(connection) as one:
        assert len(duplicate_candidates(user=c.office_leader, **args)) == 1
    for _ in range(8):
        signed(c, *OIL_SMOKE, petitioners=_person(0))
        signed(c, *OIL_SMOKE_AGAIN)
    with CaptureQueriesContext(connection) as many:
        assert len(duplicate_candidates(user=c.office_leader, limit=20, **args)) == 17
    assert len(one) == len(many) <= 3


def test_a_case_page_proposes_unlinked_candidates_and_lists_visible_links():
    c = make_county()
    first = signed(c, *OIL_SMOKE)
    second = signed(c, *OIL_SMOKE_AGAIN)
    third = signed(c, *OIL_SMOKE)
    petition_link(petition=third, other=first, kind="duplicate", acting_user=c.clerk)
    proposed = [x.petition for x in candidates_for_petition(user=c.clerk, petition=first)]
    assert proposed == [second]
    [view] = links_for_user(user=c.clerk, petition=first)
    assert view.other == third and view.label == "其为本件的重复件"
    [view] = links_for_user(user=c.clerk, petition=third)
    assert view.other == first and view.label == "本件是其重复件"


def test_a_link_to_a_case_the_reader_cannot_see_is_not_listed():
    c = make_county()
    accusation = signed(c, *OIL_SMOKE, petition_class="accusation")
    plain = signed(c, *WAGES)
    petition_link(petition=plain, other=accusation, kind="related", acting_user=c.clerk)
    colleague = make_user(c.office, "clerk")
    assert links_for_user(user=colleague, petition=plain) == []
    assert len(links_for_user(user=c.clerk, petition=plain)) == 1
