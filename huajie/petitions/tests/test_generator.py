"""`generate_data` writes plausible cases that the rest of the system reads like any other:
unique numbers that later registrations continue, search words the search finds, clocks that say
overdue."""

from __future__ import annotations

from collections import Counter

import pytest
from django.core.management import call_command

from huajie.common.text import search_tokens
from huajie.orgs.tests.factories import make_unit, make_user
from huajie.petitions.models import (
    Petition,
    PetitionClock,
    PetitionEvent,
    PetitionParty,
    RegistrationCounter,
)
from huajie.petitions.selectors import LedgerFilters, petition_list_for_user
from huajie.petitions.services import petition_register
from huajie.petitions.tests.factories import registration

# The writer uses a connection of its own: the data must be committed, not in a test transaction.
# (Role rows, which the flush between such tests removes, are recreated by make_user.)
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def office():
    return make_unit("示例县信访局", kind="petition_office")


def test_generates_cases_with_their_rows(office):
    call_command("generate_data", cases=300, unit=office.code, verbosity=0)
    assert Petition.objects.count() == 300
    assert PetitionEvent.objects.filter(kind="registered").count() == 300
    assert PetitionParty.objects.values("petition").distinct().count() == 300
    per_case = Counter(PetitionClock.objects.values_list("petition_id", flat=True))
    assert set(per_case.values()) <= {2, 3, 4, 5, 6}
    statuses = Counter(Petition.objects.values_list("status", flat=True))
    assert statuses["archived"] + statuses["closed"] > 150  # most cases are finished
    numbers = list(Petition.objects.values_list("reg_no", flat=True))
    assert len(set(numbers)) == len(numbers)
    for petition in Petition.objects.all()[:20]:
        assert 100 <= len(petition.content) <= 400
        # the words stored are the words the search cuts from the text
        assert set(petition.search_tokens.split()) == set(
            search_tokens(petition.title, petition.content).split()
        )


def test_a_second_run_adds_more_and_registration_continues_the_numbers(office):
    call_command("generate_data", cases=100, unit=office.code, verbosity=0)
    call_command("generate_data", cases=100, unit=office.code, verbosity=0)
    assert Petition.objects.count() == 200
    clerk = make_user(office, "clerk")
    petition = petition_register(unit=office, data=registration(), acting_user=clerk)
    counter = RegistrationCounter.objects.get(unit=office, year=petition.reg_year)
    assert petition.reg_seq == counter.last
    assert (
        Petition.objects.filter(unit=office, reg_year=petition.reg_year, reg_seq__gte=1).count()
        == counter.last
    )


def test_generated_cases_are_found_by_search_and_clock_filters(office):
    call_command("generate_data", cases=400, unit=office.code, verbosity=0)
    clerk = make_user(office, "clerk")
    word = Petition.objects.first().search_tokens.split()[0]  # type: ignore[union-attr]
    assert petition_list_for_user(user=clerk, filters=LedgerFilters(q=word)).count() >= 1
    overdue = petition_list_for_user(user=clerk, filters=LedgerFilters(clock="overdue")).count()
    assert 0 < overdue < 400 * 0.2
