"""Which documents a case can have, and the record each one is issued from.

A document applies once the fact it reports exists: the acceptance, the refusal, the written reply,
the extension of the handling clock, a supervision notice, the review or re-review opinion. Each
subject names the issuing organ and the date of that fact, which becomes the document's date.
Reads only the petition as `petition_get_for_user` loads it (events, clocks, reviews and
supervisions prefetched), plus the reply.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone

from huajie.documents.layout import chinese_date
from huajie.documents.registry import NotApplicable, Subject
from huajie.orgs.models import Unit

from ..models import (
    ClockKind,
    Petition,
    PetitionClock,
    Reply,
    Review,
    ReviewLevel,
    Supervision,
    SupervisionKind,
)

Finder = Callable[[Petition], list[Subject]]


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


def _refuse(label: str, why: str) -> NotApplicable:
    return NotApplicable(f"不能生成{label}：{why}")


def _to_the_petitioner(petition: Petition, label: str) -> None:
    """告知书 and the written reply go to the petitioner: an anonymous item has nobody to send
    them to (the decision stays on the case record)."""
    if petition.is_anonymous:
        raise _refuse(label, "匿名件没有信访人的姓名和联系方式，无法送达，不出具此文书。")


def acceptance(petition: Petition) -> list[Subject]:
    _to_the_petitioner(petition, "受理告知书")
    if petition.accepted_on is None:
        raise _refuse("受理告知书", "该事项尚未受理。请先办理受理，再生成受理告知书。")
    by_transfer = any(e.action == "accept_transfer" for e in petition.events.all())
    unit = handling_unit(petition) if by_transfer else petition.unit
    return [Subject(unit, petition.accepted_on)]


def not_accepted(petition: Petition) -> list[Subject]:
    _to_the_petitioner(petition, "不予受理告知书")
    if not (petition.not_accepted_reason and petition.proper_channel):
        raise _refuse("不予受理告知书", "该事项没有作出不予受理的决定。")
    decided = [e.at for e in petition.events.all() if e.action == "not_accept"]
    day = timezone.localtime(max(decided)).date() if decided else timezone.localdate()
    return [Subject(petition.unit, day)]


def reply(petition: Petition) -> list[Subject]:
    _to_the_petitioner(petition, "信访处理意见书")
    found = reply_of(petition)
    if found is None:
        raise _refuse(
            "信访处理意见书",
            "该事项尚未答复。请承办人在“答复”中填写处理意见后，再生成信访处理意见书。",
        )
    return [Subject(handling_unit(petition), found.issued_on, found)]


def extension(petition: Petition) -> list[Subject]:
    _to_the_petitioner(petition, "延期告知书")
    clock = handling_clock(petition)
    if clock is None or not clock.extension_days or clock.extension_on is None:
        raise _refuse("延期告知书", "该事项的办理期限没有延期。")
    return [Subject(handling_unit(petition), clock.extension_on, clock)]


def supervision(petition: Petition) -> list[Subject]:
    """One 督办单 (or 催办单) per supervision notice, oldest first."""
    items: list[Supervision] = sorted(
        petition.supervisions.all(), key=lambda s: (s.created_at, s.pk)
    )
    if not items:
        raise _refuse("督办单", "该事项没有相应的催办或督办记录。请先发出督办。")
    subjects = []
    for item in items:
        issuer = item.issued_by.unit if item.issued_by is not None else None
        day = timezone.localtime(item.created_at).date()
        label = "催办单" if item.kind == SupervisionKind.REMINDER else "督办单"
        subjects.append(
            Subject(issuer or petition.unit, day, item, item.pk, f"{label}（{chinese_date(day)}）")
        )
    return subjects


def review(level: str, label: str) -> Finder:
    def find(petition: Petition) -> list[Subject]:
        found = review_of(petition, level)
        if found is None or found.answered_on is None:
            raise _refuse(label, f"该事项尚未作出{ReviewLevel(level).label}意见。")
        return [Subject(found.reviewing_unit, found.answered_on, found)]

    return find
