"""The petitioner's own steps after the reply, recorded through petitions' services exactly as a
clerk would record them (source `portal` on the timeline): the rating (满意 / 基本满意 / 不满意,
with a comment) while it may still be given, and the review (复查) or re-review (复核) request
within its 30-day window, sent to the organ one level up."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from huajie.common.errors import ApplicationError
from huajie.common.timeline import EventSource, event_source
from huajie.notices.services import notice_send
from huajie.orgs.models import RoleCode, Unit, User
from huajie.petitions.models import Petition, Satisfaction
from huajie.petitions.services import (
    petition_evaluate,
    petition_request_rereview,
    petition_request_review,
)

from .. import conf
from .account import portal_account

COMMENT_MAX = 500


def _petition(petition_id: int) -> Petition:
    return Petition.objects.select_related("unit", "handling_unit").get(pk=petition_id)


def _window_due(petition: Petition, kind: str) -> date | None:
    clock = petition.clocks.filter(kind=kind, stopped_on__isnull=True).order_by("-round").first()
    return clock.due if clock is not None else None


def _staff(*units: Unit | None) -> list[User]:
    return list(
        User.objects.filter(
            unit__in=[u for u in units if u is not None],
            is_active=True,
            roles__code__in=[RoleCode.CLERK, RoleCode.LEADER],
        ).distinct()
    )


def portal_rate(*, petition_id: int, satisfaction: str, comment: str = "") -> Petition:
    """满意 / 基本满意 / 不满意 while the case stands replied, within 30 days of the reply."""
    petition = _petition(petition_id)
    if satisfaction not in Satisfaction.values:
        raise ApplicationError(
            "请选择您的评价：满意、基本满意或不满意。",
            code="satisfaction_required",
            field="satisfaction",
        )
    if petition.satisfaction:
        raise ApplicationError("您已经评价过这件事项，不能重复评价。", code="already_rated")
    if petition.status != "replied":
        raise ApplicationError(
            "这件事项现在不能评价：评价须在收到书面答复后、事项办结前提出。",
            code="rating_closed",
        )
    due = _window_due(petition, "review_request")
    if due is None or timezone.localdate() > due:
        raise ApplicationError(
            "评价期限已过（自收到书面答复之日起30日内）。如对答复不服，请联系受理机构。",
            code="rating_closed",
        )
    account = portal_account()
    with transaction.atomic(), event_source(EventSource.PORTAL):
        petition_evaluate(
            petition=petition,
            acting_user=account,
            expected_version=None,
            satisfaction=satisfaction,
            note=(comment or "").strip()[:COMMENT_MAX],
        )
        notice_send(
            recipients=[petition.handler, petition.registered_by, *_staff(petition.unit)],
            message=f"信访人网上评价 {petition.reg_no}：{Satisfaction(satisfaction).label}",
            target=petition,
            url=conf.staff_case_url(petition.pk),
            actor=account,
        )
    return petition


def review_level(petition: Petition) -> str:
    """ "review" or "rereview": which request the petitioner may make next ("" for none)."""
    levels = {r.level: r for r in petition.reviews.all()}
    if "rereview" in levels:
        return ""
    if "review" in levels:
        return "rereview" if levels["review"].answered_on else ""
    return "review"


def portal_request_review(*, petition_id: int, reason: str) -> Petition:
    """复查 (Art.35) to the organ above the one that replied; 复核 (Art.36) to the organ above the
    reviewing one — each within 30 days of the written answer (petitions' service checks it)."""
    petition = _petition(petition_id)
    level = review_level(petition)
    if not level:
        raise ApplicationError(
            "这件事项已经复核，复核意见为终结意见，不能再申请复查或复核。"
            if petition.reviews.filter(level="rereview").exists()
            else "这件事项现在不能申请复查或复核：请等待书面答复或复查意见。",
            code="review_unavailable",
        )
    if not (reason or "").strip():
        word = "复查" if level == "review" else "复核"
        raise ApplicationError(
            f"请写明您申请{word}的理由：对答复的哪些内容不服、为什么。",
            code="reason_required",
            field="reason",
        )
    if level == "review":
        replying = petition.handling_unit or petition.unit
        above = replying.parent
    else:
        above = petition.reviews.get(level="review").reviewing_unit.parent
    if above is None:
        raise ApplicationError(
            "系统中没有该机关的上一级机关，无法网上申请。请向上一级机关书面提出。",
            code="no_higher_organ",
        )
    word = "复查" if level == "review" else "复核"
    due = _window_due(petition, f"{level}_request")
    if due is None or timezone.localdate() > due:
        answer = "书面答复" if level == "review" else "复查意见"
        raise ApplicationError(
            f"申请{word}的期限已过：应自收到{answer}之日起30日内提出"
            + (f"（即{due:%Y年%-m月%-d日}前）" if due else "")
            + "。如有新的事实和理由，可以重新提出信访事项。",
            code="review_window_closed",
        )
    service = petition_request_review if level == "review" else petition_request_rereview
    account = portal_account()
    with transaction.atomic(), event_source(EventSource.PORTAL):
        service(
            petition=petition,
            acting_user=account,
            expected_version=None,
            reason=reason.strip()[:2000],
            reviewing_unit=above,
        )
        notice_send(
            recipients=_staff(above, petition.unit),
            message=f"信访人网上申请{word} {petition.reg_no}：{petition.title}",
            target=petition,
            url=conf.staff_case_url(petition.pk),
            actor=account,
        )
    return petition
