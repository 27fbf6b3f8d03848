"""The public view of a case: what a petitioner may read about their own matter, built from the
case's dates, its transition events and its statutory clocks — never from free text staff wrote.

Shown: the stage, the dates of each step, the unit holding or handling it, each statutory limit in
plain words ("依法应于2026年3月6日前办结"), the decision of the written reply, the petitioner's own
words. Never shown: notes, instructions, reminders, supervision, the accused unit, who registered
or handles it (unless `PORTAL_SHOW_HANDLER`), the text of staff's events.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, Exists, F, OuterRef, Subquery, When
from django.utils import timezone

from huajie.common.fields import EncryptedTextField
from huajie.common.identity import mask_phone
from huajie.documents.models import IssuedDocument
from huajie.petitions.models import (
    Decision,
    EventKind,
    Petition,
    PetitionClock,
    PetitionEvent,
    PetitionParty,
    ProperChannel,
    Review,
    Satisfaction,
)

from . import conf
from .models import Submission

PUBLIC_EVENT_KINDS = (EventKind.REGISTERED, EventKind.TRANSITION, EventKind.EXTENSION)

STAGE_WORDS = {  # status → what it means for the petitioner
    "registered": "已登记，等待受理",
    "transferred": "已转送有权处理的机关",
    "not_accepted": "不予受理",
    "accepted": "已受理",
    "assigned": "已交办承办单位",
    "handling": "正在办理",
    "replied": "已答复",
    "evaluated": "已答复，您已评价",
    "closed": "已办结",
    "under_review": "复查中",
    "under_rereview": "复核中",
    "archived": "已办结归档",
}

CLOCK_WORDS = {  # clock kind → (running, petitioner's option?)
    "route": ("依法应于{due}前登记并转送、交办", False),
    "acceptance_notice": ("依法应于{due}前书面告知您是否受理", False),
    "handling": ("依法应于{due}前办结", False),
    "review_request": ("您如不服答复，可于{due}前申请复查", True),
    "review_answer": ("依法应于{due}前作出复查意见", False),
    "rereview_request": ("您如不服复查意见，可于{due}前申请复核", True),
    "rereview_answer": ("依法应于{due}前作出复核意见", False),
}


def chinese_day(day: date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


@dataclass(frozen=True)
class PublicStep:
    on: date
    text: str


@dataclass(frozen=True)
class PublicLimit:
    text: str
    source: str  # "《信访工作条例》第三十四条 · 60日 · 自受理之日起"
    state: str  # "running", "done", "late", "lapsed"
    note: str = ""


@dataclass
class PublicCase:
    pk: int
    reg_no: str
    title: str
    content: str
    channel: str
    petition_class: str
    status: str
    stage: str
    received_on: date
    unit_name: str
    handling_unit_name: str
    handler_name: str
    phone_masked: str
    steps: list[PublicStep] = field(default_factory=list)
    limits: list[PublicLimit] = field(default_factory=list)
    decision: str = ""
    satisfaction: str = ""
    proper_channel: str = ""
    reply_issued: bool = False
    review_window_due: date | None = None
    rereview_window_due: date | None = None
    has_review: bool = False
    review_answered: bool = False
    has_rereview: bool = False
    reviewing_unit_name: str = ""


def _asked(review: Review | None, word: str) -> tuple[date | None, str]:
    if review is None:
        return None, f"您申请{word}"
    return review.requested_on, f"您申请{word}，{word}机关：{review.reviewing_unit.name}"


def _step_text(p: Petition, e: PetitionEvent, reviews: Mapping[str, Review]) -> tuple[date, str]:
    at = timezone.localdate(e.at)
    handling = p.handling_unit.name if p.handling_unit else ""
    if e.kind == EventKind.REGISTERED:
        how = "网上提交" if p.channel == "online" else f"以{p.get_channel_display()}形式提出"
        return p.received_on, f"{p.unit.name}收到您{how}的信访事项，登记编号 {p.reg_no}"
    if e.kind == EventKind.EXTENSION:
        due = (e.changes or {}).get("due", [None, None])[1]
        day = date.fromisoformat(due) if due else None
        return at, f"经负责人批准，办理期限延长至{chinese_day(day)}，延期理由已另行书面告知"
    review, rereview = reviews.get("review"), reviews.get("rereview")
    words = {
        "accept": (p.accepted_on, f"{p.unit.name}受理了您的信访事项"),
        "accept_transfer": (p.accepted_on, f"{handling}接收并受理了您的信访事项"),
        "not_accept": (at, "不予受理" + _proper(p)),
        "transfer": (at, f"转送{_changed_unit(e) or handling}处理"),
        "return_transfer": (at, "接收机关认为不属其职权，已退回，将重新转送"),
        "assign": (at, f"交由{handling}办理"),
        "return_assignment": (at, "承办单位退回，将重新交办"),
        "start_handling": (at, f"{handling}开始办理"),
        "reply": (p.replied_on, "作出书面答复（信访处理意见书）"),
        "evaluate": (p.evaluated_on, f"您对答复的评价：{p.get_satisfaction_display()}"),
        "close": (p.closed_on, "办结"),
        "request_review": _asked(review, "复查"),
        "answer_review": (review.answered_on if review else None, "作出复查意见"),
        "request_rereview": _asked(rereview, "复核"),
        "answer_rereview": (rereview.answered_on if rereview else None, "作出复核意见（终结）"),
        "archive": (p.archived_on or at, "归档"),
    }
    on, text = words.get(e.action, (at, STAGE_WORDS.get(e.to_status, "")))
    return on or at, text


DATED = {
    "registered",
    "accept",
    "accept_transfer",
    "reply",
    "evaluate",
    "close",
    "archive",
    "request_review",
    "answer_review",
    "request_rereview",
    "answer_rereview",
}


def _dated(rows: list[tuple[PetitionEvent, date, str]]) -> list[PublicStep]:
    """Steps whose day is not stored (交办, 开始办理 …) show the day they were recorded, unless
    that is after a later step's stored day (a step entered late): then the day of the step
    before them."""
    steps: list[PublicStep] = []
    for i, (e, on, text) in enumerate(rows):
        known = e.kind == EventKind.REGISTERED or e.action in DATED
        later = [
            d for f, d, _ in rows[i + 1 :] if f.kind == EventKind.REGISTERED or f.action in DATED
        ]
        if not known and steps and later and min(later) < on:
            on = steps[-1].on
        steps.append(PublicStep(on, text))
    return steps


def _changed_unit(e: PetitionEvent) -> str:
    change = (e.changes or {}).get("handling_unit")
    return str(change[1]) if isinstance(change, list) and len(change) == 2 and change[1] else ""


def _proper(p: Petition) -> str:
    if p.proper_channel and p.proper_channel != ProperChannel.NOT_APPLICABLE:
        return (
            f"。依法应通过其他途径解决：{ProperChannel(p.proper_channel).label}，详见不予受理告知书"
        )
    return "，详见不予受理告知书"


def _limit(clock: PetitionClock, today: date) -> PublicLimit | None:
    words = CLOCK_WORDS.get(clock.kind)
    if words is None or clock.due is None:
        return None
    template, option = words
    text = template.format(due=chinese_day(clock.due))
    kind = "个工作日" if clock.rule_kind == "working" else "日"
    source = f"{clock.rule_source} · {clock.rule_days}{kind} · {clock.rule_start_event}"
    note = f"（含延期{clock.extension_days}日）" if clock.extension_days else ""
    if clock.stopped_on is None:
        if option and clock.due < today:
            return PublicLimit(text, source, "lapsed", "期限已过" + note)
        late = not option and clock.due < today
        return PublicLimit(text, source, "late" if late else "running", note)
    if option:
        return PublicLimit(text, source, "done", "您已提出申请" if clock.outcome == "" else "")
    if clock.outcome == "late":
        return PublicLimit(
            text, source, "late", f"已于{chinese_day(clock.stopped_on)}完成，超过法定期限"
        )
    if clock.outcome == "on_time":
        return PublicLimit(text, source, "done", f"已于{chinese_day(clock.stopped_on)}完成{note}")
    return None  # superseded by a later round


def _contact_phone() -> Subquery:
    """The first party's phone for this case (`PetitionParty.contact_phone` in SQL): the one
    given for the case when kept apart (a name typed for it), else the file's."""
    return Subquery(
        PetitionParty.objects.filter(petition=OuterRef("pk"))
        .order_by("order", "id")
        .annotate(
            contact=Case(
                When(given_name="", then=F("petitioner__phone")),
                default=F("given_phone"),
                output_field=EncryptedTextField(),
            )
        )
        .values("contact")[:1],
        output_field=EncryptedTextField(),
    )


def public_case(*, petition_id: int, today: date | None = None) -> PublicCase:
    """The public view of one case (the caller proved it is the petitioner's).

    Three round trips for most cases, four with a review: the case with its units, the first
    party's phone and whether a reply or a review exists (subqueries of one statement), its
    public events, its clocks, and its reviews only if there are any. Each round trip costs the
    ORM's work and a wait for the database on a busy machine — most of this page's time."""
    today = today or timezone.localdate()
    show_handler = conf.show_handler()
    related = ("unit", "handling_unit", "handler") if show_handler else ("unit", "handling_unit")
    p = (
        Petition.objects.select_related(*related)
        .defer("search_tokens")
        .annotate(
            public_phone=_contact_phone(),
            public_reply=Exists(
                IssuedDocument.objects.filter(
                    target_type=ContentType.objects.get_for_model(Petition),
                    target_id=OuterRef("pk"),
                    kind="reply",
                )
            ),
            public_reviewed=Exists(Review.objects.filter(petition=OuterRef("pk"))),
        )
        .get(pk=petition_id)
    )
    events = PetitionEvent.objects.filter(petition_id=p.pk, kind__in=PUBLIC_EVENT_KINDS)
    all_clocks = PetitionClock.objects.filter(petition_id=p.pk)
    all_reviews = (
        Review.objects.filter(petition_id=p.pk).select_related("reviewing_unit")
        if p.public_reviewed
        else []
    )
    reviews = {r.level: r for r in all_reviews}
    steps = _dated([(e, *_step_text(p, e, reviews)) for e in events.order_by("at", "id")])
    clocks = sorted(all_clocks, key=lambda c: (c.start, c.id))
    limits = [limit for c in clocks if (limit := _limit(c, today)) is not None]
    limits.sort(key=lambda limit: limit.state not in ("running", "late"))  # what runs first
    open_windows = {
        c.kind: c.due for c in clocks if c.stopped_on is None and c.due and c.rule_window
    }
    review = reviews.get("review")
    return PublicCase(
        pk=p.pk,
        reg_no=p.reg_no,
        title=p.title,
        content=p.content,
        channel=p.get_channel_display(),
        petition_class=p.get_petition_class_display(),
        status=p.status,
        stage=STAGE_WORDS.get(p.status, p.get_status_display()),
        received_on=p.received_on,
        unit_name=p.unit.name,
        handling_unit_name=p.handling_unit.name if p.handling_unit else "",
        handler_name=str(p.handler) if show_handler and p.handler else "",
        phone_masked=mask_phone(p.public_phone) if p.public_phone else "",
        steps=steps,
        limits=limits,
        decision=Decision(p.decision).label if p.decision else "",
        satisfaction=Satisfaction(p.satisfaction).label if p.satisfaction else "",
        reply_issued=p.public_reply,
        review_window_due=open_windows.get("review_request"),
        rereview_window_due=open_windows.get("rereview_request"),
        has_review=review is not None,
        review_answered=bool(review and review.answered_on),
        has_rereview="rereview" in reviews,
    )


def came_from_portal(petition_id: int) -> bool:
    return Submission.objects.filter(petition_id=petition_id).exists()
