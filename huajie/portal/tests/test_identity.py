"""Nobody on the portal has proved who they are: a name and an ID number never change a person's
file, never reveal whether the ID number is known, and never open another case's progress. The
phone verified for a submission is that case's own contact; staff adopt it into the file."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from huajie.common.errors import ApplicationError
from huajie.orgs.tests.factories import VALID_IDS, make_county
from huajie.petitions.models import EventKind, Petition, Petitioner, PetitionerEventKind
from huajie.petitions.services import PetitionerInput, petition_adopt_contact
from huajie.petitions.tests.factories import register
from huajie.portal.selectors import public_case
from huajie.portal.services.lookup import portal_lookup

from .factories import PHONE, at, submit

pytestmark = pytest.mark.django_db

VICTIM_PHONE = "13812345678"  # the desk registration's (petitions.tests.factories)


@pytest.fixture
def c():
    return make_county()


@pytest.fixture
def victim(c) -> Petition:
    """刘桂兰 registered at the desk with her own phone and address."""
    with at(date(2025, 10, 1)):
        p = register(c)
    person = p.parties.get().petitioner
    person.address = "清河县城关镇东门社区5栋"
    person.save(update_fields=["address"])
    return p


def _lookup(p: Petition, digits: str) -> int:
    return portal_lookup(query_code=p.query_code, phone_last4=digits, client="203.0.113.9")


def test_a_submission_with_someones_name_and_id_leaves_their_file_unchanged(c, victim):
    person = victim.parties.get().petitioner
    receipt = submit(c, address="别处地址")  # 刘桂兰, VALID_IDS[0], the attacker's PHONE
    person.refresh_from_db()
    assert (person.phone, person.address) == (VICTIM_PHONE, "清河县城关镇东门社区5栋")
    assert person.phone_index == Petitioner.objects.get(pk=person.pk).phone_index
    assert not person.history.exists()
    party = Petition.objects.get(pk=receipt.petition_id).parties.get()
    assert party.petitioner == person  # the same person by ID number, for the clerk to see
    assert (party.contact_phone, party.contact_address) == (PHONE, "别处地址")


def test_the_victims_other_cases_cannot_be_looked_up_with_the_attackers_digits(c, victim):
    receipt = submit(c)
    with pytest.raises(ApplicationError, match="不正确"):
        _lookup(victim, PHONE[-4:])
    assert _lookup(victim, VICTIM_PHONE[-4:]) == victim.pk
    # The submitted case answers to the number verified for it, not to the file's.
    submitted = Petition.objects.get(pk=receipt.petition_id)
    assert _lookup(submitted, PHONE[-4:]) == submitted.pk
    with pytest.raises(ApplicationError, match="不正确"):
        _lookup(submitted, VICTIM_PHONE[-4:])
    with at(date(2025, 10, 9)):
        shown = public_case(petition_id=submitted.pk)
    assert shown.phone_masked.endswith(PHONE[-4:])  # never a part of the file's number
    with at(date(2025, 10, 9)):
        own = public_case(petition_id=victim.pk)
    assert own.phone_masked.endswith(VICTIM_PHONE[-4:])  # a desk case: the file's number
    assert PHONE[-4:] not in own.phone_masked


def test_the_sms_lookup_of_the_victims_case_texts_the_victim(
    c, victim, outbox, django_capture_on_commit_callbacks
):
    from huajie.portal.services.lookup import portal_lookup_send_code

    submit(c)
    with django_capture_on_commit_callbacks(execute=True):
        portal_lookup_send_code(query_code=victim.query_code, client="a")
    assert any("查询办理进展验证码" in t for t in outbox.texts(VICTIM_PHONE))
    assert not any("查询办理进展验证码" in t for t in outbox.texts(PHONE))


def test_a_name_that_differs_from_the_file_gets_the_same_outcome_as_anyone(c, victim):
    known = submit(c, name="张三")  # an ID number on file under another name
    unknown = submit(c, name="张三", id_number=VALID_IDS[2], title="另一件")  # not on file
    for receipt in (known, unknown):
        assert receipt.reg_no and len(receipt.query_code) == 8
    person = victim.parties.get().petitioner
    person.refresh_from_db()
    assert person.name == "刘桂兰" and not person.history.exists()
    party = Petition.objects.get(pk=known.petition_id).parties.get()
    assert party.name_differs and party.given_name == "张三"


def test_a_new_persons_file_holds_who_they_say_they_are_and_no_contact(c):
    receipt = submit(c, id_number=VALID_IDS[3], address="城关镇")
    party = Petition.objects.get(pk=receipt.petition_id).parties.get()
    assert (party.petitioner.name, party.petitioner.id_number) == ("刘桂兰", VALID_IDS[3])
    assert (party.petitioner.phone, party.petitioner.address) == ("", "")
    assert _lookup(party.petition, PHONE[-4:]) == receipt.petition_id
    # A later desk registration under that ID number, without a phone, is not opened by the
    # number the portal verified for someone typing that ID number.
    with at(date(2025, 10, 10)):
        desk = register(c, petitioners=[PetitionerInput(name="刘桂兰", id_number=VALID_IDS[3])])
    assert desk.parties.get().petitioner == party.petitioner
    with pytest.raises(ApplicationError, match="不正确"):
        _lookup(desk, PHONE[-4:])


def test_the_clerk_sees_the_difference_and_adopts_it_on_the_record(c, victim, client):
    receipt = submit(c, address="城关镇新址")
    p = Petition.objects.get(pk=receipt.petition_id)
    client.force_login(c.clerk)
    page = client.get(reverse("petitions:detail", args=[p.pk])).content.decode()
    assert 'data-testid="contact-kept-apart"' in page and "采用本案联系方式" in page
    assert "138****5678" in page  # the file's phone, masked, next to the case's
    with at(date(2025, 10, 10)):
        with pytest.raises(ApplicationError, match="登记单位"):
            petition_adopt_contact(petition=p, acting_user=c.handler, expected_version=None)
        petition_adopt_contact(petition=p, acting_user=c.clerk, expected_version=None)
    person = p.parties.get().petitioner
    person.refresh_from_db()
    assert (person.phone, person.address) == (PHONE, "城关镇新址")
    change = person.history.get(kind=PetitionerEventKind.CONTACT)
    assert change.actor == c.clerk and change.changes["phone"] == ["138****5678", "139****1234"]
    event = p.events.get(action="adopt_contact")
    assert event.kind == EventKind.EDIT and PHONE not in event.text
    assert _lookup(victim, PHONE[-4:]) == victim.pk  # adopted: the file's phone is now this one
    p.refresh_from_db()
    with pytest.raises(ApplicationError, match="无需采用"):
        petition_adopt_contact(petition=p, acting_user=c.clerk, expected_version=None)


def test_the_clerk_is_told_when_the_typed_name_differs(c, victim, client):
    receipt = submit(c, name="张三")
    client.force_login(c.clerk)
    page = client.get(reverse("petitions:detail", args=[receipt.petition_id])).content.decode()
    assert "网上提交时填写的姓名为“张三”" in page
