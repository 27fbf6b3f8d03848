"""The petitions' rows of the authorization matrix (`huajie/common/authz.py`)."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from django.core.files.base import ContentFile

from huajie.common.authz import (
    ACTED,
    POSTED,
    READ,
    Access,
    Row,
    Target,
    World,
    api,
    owner_for,
    same,
)

from .actions import ACTIONS

_seq = itertools.count(1)
FRONT_DESK = frozenset({"clerk", "leader"})
STAFF = frozenset({"clerk", "handler", "leader"})


def _petition(world: World, relation: str) -> tuple[Any, str]:
    from .models import Petition
    from .services import PetitionerInput, RegistrationInput, petition_register

    n = next(_seq)
    secret = f"矩阵机密事项{n:03d}号"
    petition = petition_register(
        unit=world.units["own"],
        data=RegistrationInput(
            channel="visit",
            petition_class="complaint",
            title=secret,
            content=f"{secret}的内容：某小区外墙脱落无人维修。",
            received_on=date(2025, 9, 30),
            petitioners=[PetitionerInput(name="矩阵信访人", phone="13812345678")],
        ),
        acting_user=world.users["clerk"],
    )
    Petition.objects.filter(pk=petition.pk).update(
        unit=owner_for(world, relation),
        handling_unit=world.units["own"] if relation == "assigned" else None,
    )
    petition.refresh_from_db()
    return petition, secret


def petition(world: World, relation: str) -> Target:
    item, secret = _petition(world, relation)
    return Target({"pk": item.pk}, secret, body={"version": item.version})


def attachment(world: World, relation: str) -> Target:
    from .models import Attachment

    item, secret = _petition(world, relation)
    file = Attachment(
        petition=item,
        original_name="材料.pdf",
        kind="pdf",
        mime="application/pdf",
        size=9,
        uploaded_by=world.users["clerk"],
    )
    file.file.save("m.pdf", ContentFile(f"%PDF-1.4 {secret}".encode()), save=False)
    file.save()
    return Target({"pk": item.pk, "attachment_pk": file.pk}, secret)


RECORDS = {"petition": petition, "petition_attachment": attachment}

PAGE = Access()
READ_API = api()
ACT = Access(ok=POSTED)
ACT_API = api(ok=POSTED)

ROWS = [
    # The filter form is posted and redirected to its own address (no ID number in a URL).
    Row("petitions:index", {"GET": PAGE, "POST": Access(ok=frozenset({302}))}),
    Row(
        "petitions:register",
        {"GET": Access(roles=FRONT_DESK), "POST": Access(ok=POSTED, roles=FRONT_DESK)},
    ),
    Row("petitions:my", {"GET": PAGE}),
    Row("petitions:supervision", {"GET": PAGE}),
    Row("petitions:assignees", {"GET": PAGE}),
    Row(
        "petitions:notifications",  # an old bookmark: any method is sent on to /notices/
        {
            m: Access(ok=frozenset({302}), anon=frozenset({302}), anon_to="/notices/")
            for m in ("GET", "POST")
        },
    ),
    Row("petitions:detail", {"GET": PAGE}, record="petition"),
    Row(
        "petitions:act",
        {"POST": Access(ok=POSTED, roles=STAFF)},
        record="petition",
        kwargs={"action": "note"},
    ),
    # Without a party to reveal the answer is 404 (没有这名信访人), as for a hidden case.
    Row("petitions:reveal", {"POST": Access(ok=POSTED | {404})}, record="petition"),
    Row("petitions:attach", {"POST": ACT}, record="petition"),
    Row("petitions:attachment", {"GET": PAGE}, record="petition_attachment"),
    Row("api:petition-list", {"GET": READ_API, "POST": ACT_API}),
    Row("api:petition-my-work", {"GET": READ_API}),
    Row("api:petition-categories", {"GET": READ_API}),
    Row("api:petition-detail", {"GET": READ_API}, record="petition"),
    Row("api:petition-units", {"GET": READ_API}, record="petition"),
    Row(
        "api:petition-assignees",  # without ?unit= the found case answers "choose a unit" (400)
        {"GET": api(ok=frozenset({400}))},
        record="petition",
    ),
    Row("api:petition-personal-data", {"GET": api(roles=FRONT_DESK)}, record="petition"),
    Row(
        "api:petition-action",  # an action that does not exist
        {"POST": same(frozenset({404}), anon=frozenset({401}))},
        record="petition",
        kwargs={"name": "nothing"},
    ),
    Row(
        "api:petition-attachments",  # multipart only: a JSON body to a visible case is 415
        {"POST": api(ok=frozenset({415}))},
        record="petition",
    ),
    *(
        Row(f"api:petition-action-{action.name}", {"POST": api(ok=ACTED)}, record="petition")
        for action in ACTIONS
    ),
]

__all__ = ["FRONT_DESK", "READ", "RECORDS", "ROWS"]
