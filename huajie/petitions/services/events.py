"""Timeline events and notices. Events are written in the caller's transaction; notices go through
huajie.notices (in-app rows in the same transaction, e-mail after commit)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse

from huajie.common.errors import PermissionDenied
from huajie.notices.services import notice_send
from huajie.orgs.models import User

from ..models import EventKind, Petition, PetitionEvent


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


def full_view_logged(*, petition: Petition, actor: User, what: str) -> None:
    """Show full personal data only to those who need it, and log every view on the case
    timeline (个人信息保护法): the registrar, the handler and the responsible leader, anyone who
    can act on the case now, and leaders over it. Raises PermissionDenied for anyone else."""
    from .workflow import actions_for, may_work_on

    involved = {petition.handler_id, petition.responsible_leader_id, petition.registered_by_id}
    allowed = (
        actor.pk in involved
        or may_work_on(actor, petition, roles=frozenset({"leader"}))
        or bool(actions_for(actor, petition))
    )
    if not allowed:
        raise PermissionDenied(
            "您无权查看信访人的完整身份证号码和联系电话。如办理需要，请联系承办人或包案领导。"
        )
    event_add(petition=petition, kind=EventKind.FULL_VIEW, actor=actor, text=what)
