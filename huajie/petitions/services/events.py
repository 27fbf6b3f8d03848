"""Timeline events and notices. Events are written in the caller's transaction; notices go through
huajie.notices (in-app rows in the same transaction, e-mail after commit)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse

from huajie.notices.services import notice_send
from huajie.orgs.models import User

from ..models import Petition, PetitionEvent


def event_add(
    *,
    petition: Petition,
    kind: str,
    actor: User | None,
    text: str = "",
    action: str = "",
    from_status: str = "",
    to_status: str = "",
    changes: dict[str, Any] | None = None,
) -> PetitionEvent:
    return PetitionEvent.objects.create(
        petition=petition,
        kind=kind,
        actor=actor,
        text=text,
        action=action,
        from_status=from_status,
        to_status=to_status,
        changes=changes or {},
    )


def notify(
    *, users: Iterable[User | None], petition: Petition, message: str, actor: User | None
) -> None:
    """A notice about a case to the people concerned, opening the case page (huajie.notices:
    in-app now, in this transaction; an e-mail copy after commit). The actor is never told about
    what they did themselves."""
    notice_send(
        recipients=users,
        message=message,
        target=petition,
        url=reverse("petitions:detail", kwargs={"pk": petition.pk}),
        actor=actor,
    )
