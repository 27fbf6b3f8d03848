"""After the reply: the petitioner's evaluation, closing, review and re-review, return visits and
archiving (一案一档)."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from huajie.common.errors import ApplicationError
from huajie.orgs.models import Unit, User

from ..models import (
    ClockKind,
    Decision,
    EventKind,
    Petition,
    ReturnVisit,
    Review,
    ReviewLevel,
    Satisfaction,
)
from .actions import _required, _today
from .clocks import clock_open, clock_stop, open_clock
from .events import event_add
from .workflow import require_staff, touch, transition


@transaction.atomic
def petition_evaluate(
    *,
    petition: Petition,
    acting_user: User,
    expected_version: int | None,
    satisfaction: str,
    note: str = "",
    on: date | None = None,
) -> Petition:
    day = _today(on)
    if satisfaction not in Satisfaction.values:
        raise ApplicationError(
            "请选择信访人的评价：满意、基本满意或不满意。",
            code="satisfaction_required",
            field="satisfaction",
        )
    transition(
        petition=petition,
        action="evaluate",
        acting_user=acting_user,
        expected_version=expected_version,
        fields={"satisfaction": satisfaction, "evaluated_on": day},
        text=f"信访人评价：{Satisfaction(satisfaction).label}" + (f"。{note}" if note else ""),
    )
    return petition


@transaction.atomic
def petition_close(
    *, petition: Petition, acting_user: User, expected_version: int | None, on: date | None = None
) -> Petition:
    day = _today(on)
    transition(
        petition=petition,
        action="close",
        acting_user=acting_user,
        expected_version=expected_version,
        fields={"closed_on": day},
        text="办结",
    )
    return petition


def _window_or_refuse(petition: Petition, kind: str, day: date, what: str) -> None:
    clock = open_clock(petition, kind)
    if clock is None or clock.due is None:
        raise ApplicationError(
            f"该事项没有可申请{what}的答复，不能申请{what}。", code=f"{kind}_unavailable"
        )
    if day > clock.due:
        raise ApplicationError(
            f"申请{what}的期限已过：应自收到书面答复之日（{clock.start:%Y年%-m月%-d日}）起30日内"
            f"提出，即{clock.due:%Y年%-m月%-d日}前。请告知信访人该期限已届满。",
            code=f"{kind}_window_closed",
        )


@transaction.atomic
def petition_request_review(
    *,
    petition: Petition,
    acting_user: User,
    expected_version: int | None,
    reason: str,
    reviewing_unit: Unit,
    on: date | None = None,
) -> Petition:
    """复查 (Art.35): within 30 days of the written reply; answered within 30 days."""
    day = _today(on)
    reason = _required(reason, "请填写信访人申请复查的理由。", "reason")
    if petition.reviews.filter(level=ReviewLevel.REVIEW).exists():
        raise ApplicationError(
            "该事项已经复查过，不能再次申请复查；如不服复查意见，可申请复核。",
            code="review_already_requested",
        )
    return _open_review(
        petition, acting_user, expected_version, ReviewLevel.REVIEW, reason, reviewing_unit, day
    )


@transaction.atomic
def petition_request_rereview(
    *,
    petition: Petition,
    acting_user: User,
    expected_version: int | None,
    reason: str,
    reviewing_unit: Unit,
    on: date | None = None,
) -> Petition:
    """复核 (Art.36): within 30 days of the review opinion; after it the matter is final."""
    day = _today(on)
    reason = _required(reason, "请填写信访人申请复核的理由。", "reason")
    if not petition.reviews.filter(level=ReviewLevel.REVIEW, answered_on__isnull=False).exists():
        raise ApplicationError(
            "只有已作出复查意见的事项才能申请复核。", code="rereview_unavailable"
        )
    if petition.reviews.filter(level=ReviewLevel.REREVIEW).exists():
        raise ApplicationError(
            "该事项已经复核，复核意见为终结意见；同一事实和理由的请求不再受理（《信访工作条例》"
            "第三十六条）。",
            code="rereview_already_requested",
        )
    return _open_review(
        petition, acting_user, expected_version, ReviewLevel.REREVIEW, reason, reviewing_unit, day
    )


_REVIEW_STEPS = {  # level → (word, request window, answer clock, transition)
    ReviewLevel.REVIEW: (
        "复查",
        ClockKind.REVIEW_REQUEST,
        ClockKind.REVIEW_ANSWER,
        "request_review",
    ),
    ReviewLevel.REREVIEW: (
        "复核",
        ClockKind.REREVIEW_REQUEST,
        ClockKind.REREVIEW_ANSWER,
        "request_rereview",
    ),
}


def _open_review(
    petition: Petition,
    acting_user: User,
    expected_version: int | None,
    level: str,
    reason: str,
    reviewing_unit: Unit,
    day: date,
) -> Petition:
    """Within the petitioner's 30-day window: record the request, move the case, close the
    window and start the organ's 30-day answer clock."""
    word, window, answer, action = _REVIEW_STEPS[level]  # type: ignore[index]
    _window_or_refuse(petition, window, day, word)
    Review.objects.create(
        petition=petition,
        level=level,
        requested_on=day,
        reason=reason,
        reviewing_unit=reviewing_unit,
    )
    transition(
        petition=petition,
        action=action,
        acting_user=acting_user,
        expected_version=expected_version,
        text=f"信访人申请{word}，{word}机关：{reviewing_unit.name}",
    )
    clock_stop(petition=petition, kind=window, on=day)
    clock_open(petition=petition, kind=answer, start=day)
    return petition


@transaction.atomic
def petition_answer_review(
    *,
    petition: Petition,
    acting_user: User,
    expected_version: int | None,
    decision: str,
    opinion: str,
    on: date | None = None,
) -> Petition:
    """The review (or re-review) opinion; the case closes again."""
    day = _today(on)
    opinion = _required(opinion, "请填写复查（复核）意见。", "opinion")
    if decision not in Decision.values:
        raise ApplicationError(
            "请选择意见：支持、解释说明或不予支持。", code="decision_required", field="decision"
        )
    rereview = petition.status == "under_rereview"
    level = ReviewLevel.REREVIEW if rereview else ReviewLevel.REVIEW
    action = "answer_rereview" if rereview else "answer_review"
    transition(
        petition=petition,
        action=action,
        acting_user=acting_user,
        expected_version=expected_version,
        fields={"closed_on": day},
        text=f"{level.label}意见：{Decision(decision).label}",
    )
    review = petition.reviews.get(level=level)  # the transition above proved one is open
    review.answered_on, review.decision, review.opinion = day, decision, opinion
    review.save(update_fields=["answered_on", "decision", "opinion"])
    clock_stop(
        petition=petition,
        kind=ClockKind.REREVIEW_ANSWER if rereview else ClockKind.REVIEW_ANSWER,
        on=day,
    )
    if not rereview:
        clock_open(petition=petition, kind=ClockKind.REREVIEW_REQUEST, start=day)
    return petition


@transaction.atomic
def petition_archive(
    *, petition: Petition, acting_user: User, expected_version: int | None, on: date | None = None
) -> Petition:
    day = _today(on)
    if petition.status == "closed":
        for kind in (ClockKind.REVIEW_ANSWER, ClockKind.REREVIEW_ANSWER):
            if open_clock(petition, kind):
                raise ApplicationError("复查（复核）尚未答复，不能归档。", code="review_open")
    transition(
        petition=petition,
        action="archive",
        acting_user=acting_user,
        expected_version=expected_version,
        fields={"archived_on": day},
        text="归档（一案一档）",
    )
    for kind in (ClockKind.REVIEW_REQUEST, ClockKind.REREVIEW_REQUEST):
        clock_stop(petition=petition, kind=kind, on=day)
    return petition


@transaction.atomic
def petition_return_visit(
    *,
    petition: Petition,
    acting_user: User,
    expected_version: int | None,
    method: str,
    note: str,
    satisfaction: str = "",
    on: date | None = None,
) -> ReturnVisit:
    """回访: a record of calling or visiting the petitioner after the reply."""
    day = _today(on)
    require_staff(
        acting_user, petition, roles=frozenset({"clerk", "handler", "leader"}), what="登记回访"
    )
    if petition.status not in ("replied", "evaluated", "closed", "archived"):
        raise ApplicationError("答复之后才能回访。", code="return_visit_too_early")
    if method not in ("phone", "visit", "online"):
        raise ApplicationError(
            "请选择回访方式：电话、上门或网上。", code="method_required", field="method"
        )
    note = _required(note, "请填写回访情况。", "note")
    if satisfaction and satisfaction not in Satisfaction.values:
        raise ApplicationError("回访评价只能是满意、基本满意或不满意。", code="satisfaction")
    touch(petition=petition, expected_version=expected_version)
    visit = ReturnVisit.objects.create(
        petition=petition,
        visited_on=day,
        method=method,
        note=note,
        satisfaction=satisfaction,
        visited_by=acting_user,
    )
    label = dict(ReturnVisit._meta.get_field("method").choices or [])[method]
    event_add(
        petition=petition,
        kind=EventKind.RETURN_VISIT,
        actor=acting_user,
        text=f"{label}回访：{note}",
    )
    return visit
