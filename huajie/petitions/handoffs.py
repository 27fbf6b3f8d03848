"""Petitions in the intake hand-offs (`common.intake`): the registration form is the target
`petition` (a duty-log entry, an incident's demands or another module's record becomes a case),
and a case is the source `petition` (its handler turns it into a dispute for mediation, …).

Both ends write one `LINK` event on the case timeline: where the case came from, or what it
became. Registered from `PetitionsConfig.ready()`.
"""

from __future__ import annotations

from datetime import datetime, time

from django.db.models import Model
from django.utils import timezone

from huajie.common import intake
from huajie.common.errors import NotFound
from huajie.orgs.models import User

from . import selectors
from .actions import ACTIONS
from .models import EventKind, Petition
from .services.events import event_add, notify
from .services.privacy import may_view_full
from .views.common import may_register

TARGET = "petition"


def _worked_by(user: User, record_id: str) -> Petition:
    """The case, if this user may see it and works it (has an action on it)."""
    try:
        petition = selectors.petition_get_for_user(user=user, pk=int(record_id))
    except (ValueError, NotFound):
        petition = None
    if petition is None or not ACTIONS.available(user, petition):
        raise NotFound("找不到这件信访事项，或您不是它的承办人，不能转出登记。")
    return petition


def _received_at(petition: Petition) -> datetime:
    created = timezone.localtime(petition.created_at)
    if created.date() == petition.received_on:
        return created
    return timezone.make_aware(datetime.combine(petition.received_on, time(9, 0)))


def load(record_id: str, user: User) -> intake.IntakeDraft:
    petition = _worked_by(user, record_id)
    first = next(iter(petition.parties.all()), None)
    phone = ""
    if first is not None and first.contact_phone and may_view_full(user, petition):
        phone = first.contact_phone
    return intake.IntakeDraft(
        token=intake.token(TARGET, petition.pk),
        label=f"信访事项 {petition.reg_no}",
        unit_id=petition.unit_id,
        received_at=_received_at(petition),
        content=petition.content,
        channel=petition.channel,
        title=petition.title,
        caller_name=first.petitioner.name if first is not None else "",
        caller_phone=phone,
        place=petition.place,
        region_code=petition.region_id or "",
        people_count=petition.headcount,
        extra={"reg_no": petition.reg_no, "petition_id": petition.pk},
    )


def link(record_id: str, user: User, target: str, obj: Model) -> None:
    petition = _worked_by(user, record_id)
    label = intake.target(target).label
    event_add(petition=petition, kind=EventKind.LINK, actor=user, text=f"{label}：{obj}")


def outcome(record_id: str, target: str, obj: Model, text: str, actor: User | None) -> None:
    """The record the case became reports how it ended (a dispute's mediation agreement: the
    case may be ended by that agreement, 《信访工作条例》第三十三条): a LINK event on the case
    timeline and a notice to its handler and registering clerk."""
    petition = (
        Petition.objects.select_related("handler", "registered_by").filter(pk=record_id).first()
        if record_id.isdigit()
        else None
    )
    if petition is None:
        return
    event_add(petition=petition, kind=EventKind.LINK, actor=actor, text=text)
    notify(users=[petition.handler, petition.registered_by], petition=petition,
           message=f"{petition.reg_no}：{text}"[:300], actor=actor)  # fmt: skip


def came_from(petition: Petition, draft: intake.IntakeDraft, user: User) -> None:
    """The new case's timeline names its source (called in the registration transaction)."""
    event_add(petition=petition, kind=EventKind.LINK, actor=user, text=f"由{draft.label}转登记")


def register() -> None:
    intake.register_target(
        intake.IntakeTarget(
            code=TARGET,
            label="登记为信访事项",
            route="petitions:register",
            icon="bi-journal-plus",
            may_create=lambda user: user.is_authenticated and may_register(user),
        )
    )
    intake.register_source(intake.IntakeSource(kind=TARGET, load=load, link=link, outcome=outcome))
