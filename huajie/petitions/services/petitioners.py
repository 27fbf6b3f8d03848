"""The petitioners of a registration, and adopting a case's contact into a petitioner's file.

A person is found again by ID number through its blind index. Staff registration (desk, letter,
phone …) updates a known person's phone and address with what the clerk typed, and asks before
accepting another name under the same ID number: the clerk has the person or their letter in
hand. A registration that keeps the file (`PetitionerInput.keep_file`, the portal) proves nothing
about who is typing: it never writes to a person's file and never refuses a differing name (that
refusal would tell anyone whether an ID number is known). What was typed stays on the case's
party (`PetitionParty.given_*`, the phone encrypted with its blind index), is that case's contact,
and reaches the file only when staff adopt it (`petition_adopt_contact`), on the person's history
and the case timeline.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from huajie.common.crypto import blind_index
from huajie.common.errors import ApplicationError
from huajie.common.identity import mask_phone, normalize_id_number, normalize_phone
from huajie.orgs.models import User

from .. import rules
from ..models import (
    EventKind,
    Petition,
    Petitioner,
    PetitionerEvent,
    PetitionerEventKind,
    PetitionParty,
)
from .workflow import WORKFLOW, require


@dataclass
class PetitionerInput:
    name: str
    id_number: str = ""
    phone: str = ""
    address: str = ""
    is_representative: bool = False
    # The ID number is already registered under another name and the clerk has confirmed that
    # this is the same person under a new name (item of the person's own history).
    rename_confirmed: bool = False
    # Keep what was typed on this case only: a known person's file is left as it is (see above).
    keep_file: bool = False


@dataclass(frozen=True)
class Found:
    person: Petitioner
    old_name: str = ""  # the name before a confirmed change of name
    given: dict[str, str] = field(default_factory=dict)  # the party's given_* fields


def phone_index(phone: str) -> str:
    """The blind index of a normalised phone number ("" for none)."""
    return blind_index(phone, purpose="phone") if phone else ""


def petitioner_known(id_number: str) -> Petitioner | None:
    """The person already registered under this (valid, normalised) ID number, found through
    the blind index: the oldest record. Not `.first()`: its ORDER BY id makes PostgreSQL walk the
    primary key past every petitioner instead of using the id_index index (50 ms at 100k)."""
    index = blind_index(id_number, purpose="id_number")
    known = list(Petitioner.objects.filter(id_index=index))
    return min(known, key=lambda p: p.pk) if known else None


def name_differs_error(person: Petitioner, name: str, row: int) -> ApplicationError:
    """The same ID number under another name: show the person on record and ask (staff only)."""
    return ApplicationError(
        f"第{row + 1}位信访人的身份证号已登记为“{person.name}”，与填写的“{name}”不同。"
        f"如为同一人且已更名，请勾选“确认更名”；如姓名或身份证号填错，请改正。",
        code="petitioner_name_differs",
        field=f"petitioners[{row}].name",
    )


def _id_and_phone(data: PetitionerInput, row: int) -> tuple[str, str]:
    try:
        id_number = normalize_id_number(data.id_number) if data.id_number.strip() else ""
        phone = normalize_phone(data.phone) if data.phone.strip() else ""
    except ApplicationError as exc:
        part = "id_number" if exc.code == "invalid_id_number" else "phone"
        raise ApplicationError(
            exc.message, code=exc.code, field=f"petitioners[{row}].{part}"
        ) from exc
    return id_number, phone


def _create(name: str, id_number: str, phone: str, address: str) -> Petitioner:
    return Petitioner.objects.create(
        name=name,
        id_number=id_number,
        id_index=blind_index(id_number, purpose="id_number") if id_number else "",
        phone=phone,
        phone_index=phone_index(phone),
        address=address,
    )


def petitioner_for(data: PetitionerInput, row: int) -> Found:
    """The petitioner of one row (validated; a changed name asked about unless kept apart)."""
    id_number, phone = _id_and_phone(data, row)
    name, address = data.name.strip(), data.address.strip()
    person = petitioner_known(id_number) if id_number else None
    if data.keep_file:
        # A new person's file gets only who they say they are; the contact stays on the case.
        given = {
            "given_name": name,
            "given_phone": phone,
            "given_phone_index": phone_index(phone),
            "given_address": address,
        }
        return Found(person or _create(name, id_number, "", ""), given=given)
    if person is None:
        return Found(_create(name, id_number, phone, address))
    old_name = person.name
    if name != old_name and not data.rename_confirmed:
        raise name_differs_error(person, name, row)
    changed = []
    for attr, value in (("name", name), ("phone", phone), ("address", address)):
        if value and getattr(person, attr) != value:
            setattr(person, attr, value)
            changed.append(attr)
    if "phone" in changed:
        person.phone_index = phone_index(phone)
        changed.append("phone_index")
    if changed:
        person.save(update_fields=[*changed, "updated_at"])
    return Found(person, old_name if "name" in changed else "")


CONTACT_WORDS = {"phone": "联系电话", "address": "住址"}


def _shown(attr: str, value: str) -> str:
    return (mask_phone(value) if attr == "phone" else value) or "（空）"


@transaction.atomic
def petition_adopt_contact(
    *, petition: Petition, acting_user: User, expected_version: int | None
) -> Petition:
    """Write the contact given on this case (the portal) into each petitioner's file, after the
    clerk has checked who the person is: on the person's history and the case timeline, the
    phone masked."""
    require(
        rules.may_adopt_contact(acting_user, petition),
        "只有登记单位的登记人员或领导可以采用本案填写的联系方式；如本案联系方式已与档案一致，"
        "无需采用。",
    )
    parties = PetitionParty.objects.select_related("petitioner").filter(petition=petition)
    lines, changes = [], {}
    for party in parties:
        found = party.contact_changes()
        if not found:
            continue
        person = party.petitioner
        shown: dict[str, Any] = {}
        for attr, (old, new) in found.items():
            setattr(person, attr, new)
            shown[attr] = [_shown(attr, old), _shown(attr, new)]
        person.phone_index = phone_index(person.phone)
        person.save(update_fields=[*found, "phone_index", "updated_at"])
        words = "，".join(f"{CONTACT_WORDS[a]}由{old}改为{new}" for a, (old, new) in shown.items())
        PetitionerEvent.objects.create(
            petitioner=person,
            petition=petition,
            kind=PetitionerEventKind.CONTACT,
            actor=acting_user,
            changes=shown,
            text=f"采用{petition.reg_no}中填写的联系方式：{words}",
        )
        lines.append(f"{person.name}：{words}")
        changes[str(person.pk)] = shown
    WORKFLOW.record_change(
        record=petition,
        acting_user=acting_user,
        expected_version=expected_version,
        kind=EventKind.EDIT,
        action="adopt_contact",
        text="采用本案填写的联系方式更新信访人档案。" + "；".join(lines),
        changes=changes,
    )
    return petition
