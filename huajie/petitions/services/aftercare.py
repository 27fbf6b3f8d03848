"""After the reply: the petitioner's evaluation, closing, review and re-review (with the re-review
hearing pause, Art.36), return visits and archiving (一案一档)."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from huajie.common.errors import ApplicationError
from huajie.orgs.models import Unit, User

from .. import rules
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
from ..states import Status
from .workflow import WORKFLOW, action_day, require, required_text


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
    day = action_day(petition, on)
    _not_anonymous(petition, "evaluate")
    if satisfaction not in Satisfaction.values:
        raise ApplicationError(
            "请选择信访人的评价：满意、基本满意或不满意。",
            code="satisfaction_required",
            field="satisfaction",
        )
    return WORKFLOW.transition(
        record=petition,
        action="evaluate",
        acting_user=acting_user,
        expected_version=expected_version,
        on=day,
        fields={"satisfaction": satisfaction, "evaluated_on": day},
        text=f"信访人评价：{Satisfaction(satisfaction).label}" + (f"。{note}" if note else ""),
    )


def _not_anonymous(petition: Petition, action: str) -> None:
    if not rules.anonymous_allows(petition, action):
        raise ApplicationError(rules.ANONYMOUS_REFUSALS[action], code="anonymous")


@transaction.atomic
def petition_close(
    *, petition: Petition, acting_user: User, expected_version: int | None, on: date | None = None
) -> Petition:
    day = action_day(petition, on)
    return WORKFLOW.transition(
        record=petition,
        action="close",
        acting_user=acting_user,
        expected_version=expected_version,
        on=day,
        fields={"closed_on": day},
        text="办结",
    )


_REVIEW_STEPS = {  # level → (word, request window, transition)
    ReviewLevel.REVIEW: ("复查", ClockKind.REVIEW_REQUEST, "request_review"),
    ReviewLevel.REREVIEW: ("复核", ClockKind.REREVIEW_REQUEST, "request_rereview"),
}


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
    if not rules.review_history_allows(petition, "request_review"):
        raise ApplicationError(
            "该事项已经复查过，不能再次申请复查；如不服复查意见，可申请复核。",
            code="review_already_requested",
        )
    return _open_review(
        petition, acting_user, expected_version, ReviewLevel.REVIEW, reason, reviewing_unit, on
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
    levels = {r.level: r for r in petition.reviews.all()}
    review = levels.get(ReviewLevel.REVIEW)
    if review is None or review.answered_on is None:
        raise ApplicationError(
            "只有已作出复查意见的事项才能申请复核。", code="rereview_unavailable"
        )
    if ReviewLevel.REREVIEW in levels:
        raise ApplicationError(
            "该事项已经复核，复核意见为终结意见；同一事实和理由的请求不再受理（《信访工作条例》"
            "第三十六条）。",
            code="rereview_already_requested",
        )
    return _open_review(
        petition, acting_user, expected_version, ReviewLevel.REREVIEW, reason, reviewing_unit, on
    )


def _open_review(
    petition: Petition,
    acting_user: User,
    expected_version: int | None,
    level: str,
    reason: str,
    reviewing_unit: Unit,
    on: date | None,
) -> Petition:
    """Within the petitioner's 30-day window: record the request, move the case (which uses the
    window and starts the organ's 30-day answer clock)."""
    word, window_kind, action = _REVIEW_STEPS[level]  # type: ignore[index]
    plan = WORKFLOW.plan(petition)
    day = action_day(petition, on, plan)
    reason = required_text(reason, f"请填写信访人申请{word}的理由。", "reason")
    window = plan.current(window_kind)
    if window is None or window.due is None:
        raise ApplicationError(
            f"该事项没有可申请{word}的答复，不能申请{word}。", code=f"{window_kind}_unavailable"
        )
    if day > window.due:
        raise ApplicationError(
            f"申请{word}的期限已过：应自收到书面答复之日（{window.start:%Y年%-m月%-d日}）起30日内"
            f"提出，即{window.due:%Y年%-m月%-d日}前。请告知信访人该期限已届满。",
            code=f"{window_kind}_window_closed",
        )
    Review.objects.create(
        petition=petition,
        level=level,
        requested_on=day,
        reason=reason,
        reviewing_unit=reviewing_unit,
    )
    return WORKFLOW.transition(
        record=petition,
        action=action,
        acting_user=acting_user,
        expected_version=expected_version,
        on=day,
        text=f"信访人申请{word}，{word}机关：{reviewing_unit.name}",
        plan=plan,
    )


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
    plan = WORKFLOW.plan(petition)
    day = action_day(petition, on, plan)
    opinion = required_text(opinion, "请填写复查（复核）意见。", "opinion")
    if decision not in Decision.values:
        raise ApplicationError(
            "请选择意见：支持、解释说明或不予支持。", code="decision_required", field="decision"
        )
    rereview = petition.status == Status.UNDER_REREVIEW
    level = ReviewLevel.REREVIEW if rereview else ReviewLevel.REVIEW
    WORKFLOW.transition(
        record=petition,
        action="answer_rereview" if rereview else "answer_review",
        acting_user=acting_user,
        expected_version=expected_version,
        on=day,
        fields={"closed_on": day},
        text=f"{level.label}意见：{Decision(decision).label}",
        plan=plan,
    )
    review = petition.reviews.get(level=level)  # the transition above proved one is open
    review.answered_on, review.decision, review.opinion = day, decision, opinion
    review.save(update_fields=["answered_on", "decision", "opinion"])
    return petition


@transaction.atomic
def petition_hearing(
    *,
    petition: Petition,
    acting_user: User,
    expected_version: int | None,
    start: bool,
    note: str = "",
    on: date | None = None,
) -> Petition:
    """听证 during re-review (Art.36: 听证所需时间不计算在前款规定的期限内): the re-reviewing organ
    pauses the 30-day answer clock when the hearing starts and resumes it when it ends."""
    plan = WORKFLOW.plan(petition)
    day = action_day(petition, on, plan)
    word = "开始" if start else "结束"
    require(
        rules.may_hold_hearing(acting_user, petition, paused=not start),
        f"现在不能登记听证{word}：只有复核机关的工作人员可以在复核期间登记听证"
        + ("，且复核答复期限须正在计时。" if start else "，且须已登记听证开始。"),
    )
    if start:
        plan.pause(ClockKind.REREVIEW_ANSWER, on=day)
    else:
        plan.resume(ClockKind.REREVIEW_ANSWER, on=day)
    clock = plan.current(ClockKind.REREVIEW_ANSWER)
    assert clock is not None  # noqa: S101 - the rule above found it open
    due = f"，复核答复期限顺延至{clock.due:%Y-%m-%d}" if clock.due else "，复核答复期限暂停计时"
    return WORKFLOW.record_change(
        record=petition,
        acting_user=acting_user,
        expected_version=expected_version,
        kind=EventKind.CLOCK,
        action="hearing_start" if start else "hearing_end",
        text=f"{day:%Y-%m-%d} 听证{word}{due}" + (f"：{note}" if note else ""),
        changes={"due": [None, clock.due.isoformat() if clock.due else None]},
        plan=plan,
    )


@transaction.atomic
def petition_archive(
    *, petition: Petition, acting_user: User, expected_version: int | None, on: date | None = None
) -> Petition:
    """归档 (一案一档). The petitioner's review windows keep running: a timely request reopens
    the case."""
    day = action_day(petition, on)
    return WORKFLOW.transition(
        record=petition,
        action="archive",
        acting_user=acting_user,
        expected_version=expected_version,
        on=day,
        fields={"archived_on": day},
        text="归档（一案一档）",
    )


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
    day = action_day(petition, on)
    require(
        rules.may_work_on(acting_user, petition),
        "您无权登记回访。如需办理，请联系登记单位或承办单位。",
    )
    if petition.status not in rules.AFTER_REPLY:
        raise ApplicationError("答复之后才能回访。", code="return_visit_too_early")
    _not_anonymous(petition, "return_visit")
    if method not in dict(ReturnVisit._meta.get_field("method").choices or []):
        raise ApplicationError(
            "请选择回访方式：电话、上门或网上。", code="method_required", field="method"
        )
    note = required_text(note, "请填写回访情况。", "note")
    if satisfaction and satisfaction not in Satisfaction.values:
        raise ApplicationError("回访评价只能是满意、基本满意或不满意。", code="satisfaction")
    visit = ReturnVisit.objects.create(
        petition=petition,
        visited_on=day,
        method=method,
        note=note,
        satisfaction=satisfaction,
        visited_by=acting_user,
    )
    label = dict(ReturnVisit._meta.get_field("method").choices or [])[method]
    WORKFLOW.record_change(
        record=petition,
        acting_user=acting_user,
        expected_version=expected_version,
        kind=EventKind.RETURN_VISIT,
        text=f"{label}回访：{note}",
    )
    return visit
