"""Which documents a case can have, and the record each one is issued from.

A document applies once the fact it reports exists: the acceptance, the refusal, the written reply,
the extension of the handling clock, a supervision notice, the review or re-review opinion. Each
subject names the issuing organ and the date of that fact, which becomes the document's date.
Reads only the petition as `petition_get_for_user` loads it (events, clocks, reviews and
supervisions prefetched), plus the reply.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone

from huajie.common.errors import ApplicationError, NotFound
from huajie.orgs.models import Unit
from huajie.petitions.models import (
    ClockKind,
    Petition,
    PetitionClock,
    Reply,
    Review,
    ReviewLevel,
    Supervision,
)

from .models import DocumentKind

K = DocumentKind


@dataclass(frozen=True)
class Subject:
    kind: str
    unit: Unit  # the issuing organ
    issued_on: date  # the date of the fact, printed as the document's date
    record: Any = None  # Reply, PetitionClock, Supervision or Review
    subject_id: int = 0  # the supervision notice a 督办单 is issued for; 0 otherwise


class NotApplicable(ApplicationError):
    code = "document_not_applicable"


def subject_for(petition: Petition, kind: str, *, supervision_id: int | None = None) -> Subject:
    """The record `kind` is issued from, or a refusal saying why the case has no such document."""
    if kind == K.SUPERVISION:
        return _supervision(petition, supervision_id)
    finder = _FINDERS.get(kind)
    if finder is None:
        raise NotFound(
            "没有这种文书。可生成的文书有：" + "、".join(K.labels) + "。",
            code="unknown_document_kind",
        )
    return finder(petition)


def applicable_kinds(petition: Petition) -> list[Subject]:
    """The documents this case has now, in the order of the case's life."""
    found = []
    for kind in K.values:
        try:
            found.append(subject_for(petition, kind))
        except ApplicationError:
            continue
    return found


def reply_of(petition: Petition) -> Reply | None:
    try:
        return petition.reply
    except ObjectDoesNotExist:
        return None


def review_of(petition: Petition, level: str) -> Review | None:
    return next((r for r in petition.reviews.all() if r.level == level), None)


def handling_clock(petition: Petition) -> PetitionClock | None:
    clocks = [c for c in petition.clocks.all() if c.kind == ClockKind.HANDLING]
    return max(clocks, key=lambda c: c.round, default=None)


def handling_unit(petition: Petition) -> Unit:
    return petition.handling_unit or petition.unit


def _refuse(kind: str, why: str) -> NotApplicable:
    return NotApplicable(f"不能生成{K(kind).label}：{why}")


def _acceptance(petition: Petition) -> Subject:
    if petition.accepted_on is None:
        raise _refuse(K.ACCEPTANCE, "该事项尚未受理。请先办理受理，再生成受理告知书。")
    by_transfer = any(e.action == "accept_transfer" for e in petition.events.all())
    unit = handling_unit(petition) if by_transfer else petition.unit
    return Subject(K.ACCEPTANCE, unit, petition.accepted_on)


def _not_accepted(petition: Petition) -> Subject:
    if not (petition.not_accepted_reason and petition.proper_channel):
        raise _refuse(K.NOT_ACCEPTED, "该事项没有作出不予受理的决定。")
    decided = [e.at for e in petition.events.all() if e.action == "not_accept"]
    day = timezone.localtime(max(decided)).date() if decided else timezone.localdate()
    return Subject(K.NOT_ACCEPTED, petition.unit, day)


def _reply(petition: Petition) -> Subject:
    reply = reply_of(petition)
    if reply is None:
        raise _refuse(
            K.REPLY, "该事项尚未答复。请承办人在“答复”中填写处理意见后，再生成信访处理意见书。"
        )
    return Subject(K.REPLY, handling_unit(petition), reply.issued_on, reply)


def _extension(petition: Petition) -> Subject:
    clock = handling_clock(petition)
    if clock is None or not clock.extension_days or clock.extension_on is None:
        raise _refuse(K.EXTENSION, "该事项的办理期限没有延期。")
    return Subject(K.EXTENSION, handling_unit(petition), clock.extension_on, clock)


def _supervision(petition: Petition, supervision_id: int | None) -> Subject:
    items: list[Supervision] = list(petition.supervisions.all())
    if supervision_id is not None:
        items = [s for s in items if s.pk == supervision_id]
    if not items:
        raise _refuse(K.SUPERVISION, "该事项没有相应的催办或督办记录。请先发出督办。")
    item = max(items, key=lambda s: (s.created_at, s.pk))
    issuer = item.issued_by.unit if item.issued_by is not None else None
    day = timezone.localtime(item.created_at).date()
    return Subject(K.SUPERVISION, issuer or petition.unit, day, item, item.pk)


def _review(level: str, kind: str) -> Callable[[Petition], Subject]:
    def find(petition: Petition) -> Subject:
        review = review_of(petition, level)
        if review is None or review.answered_on is None:
            what = ReviewLevel(level).label
            raise _refuse(kind, f"该事项尚未作出{what}意见。")
        return Subject(kind, review.reviewing_unit, review.answered_on, review)

    return find


_FINDERS: dict[str, Callable[[Petition], Subject]] = {
    K.ACCEPTANCE: _acceptance,
    K.NOT_ACCEPTED: _not_accepted,
    K.REPLY: _reply,
    K.EXTENSION: _extension,
    K.REVIEW: _review(ReviewLevel.REVIEW, K.REVIEW),
    K.REREVIEW: _review(ReviewLevel.REREVIEW, K.REREVIEW),
}
