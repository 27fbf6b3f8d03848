"""The wording of each document, from the case data (《信访工作条例》, 2022).

Petitioners are named; their ID numbers, phone numbers and addresses never appear. Sentences cite
the article they rest on so a petitioner can look it up.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from django.conf import settings

from huajie.documents.layout import OfficialDocument, Para, Style, chinese_date
from huajie.documents.registry import Issue, Subject

from ..models import Channel, Petition, PetitionClock, ProperChannel, Review, SupervisionKind
from ..models import Decision as D
from .kinds import handling_clock, handling_unit, reply_of, review_of

VERBS = {D.SUPPORT: "予以支持", D.EXPLAIN: "作出解释说明", D.NOT_SUPPORT: "不予支持"}
CLOSING = "特此告知。"


class Body(NamedTuple):
    addressee: str  # 主送, without the colon
    paragraphs: list[Para]
    title: str = ""  # a title of its own (催办单); the kind's otherwise


Builder = Callable[["_Case", Subject], Body]
Compose = Callable[[Petition, Subject, Issue], OfficialDocument]


def composer(title: str, builder: Builder) -> Compose:
    """The kind's `compose`: the builder's wording under the issued letterhead, number and date."""

    def compose(petition: Petition, subject: Subject, issue: Issue) -> OfficialDocument:
        body = builder(_Case(petition), subject)
        return issue.document(
            title=body.title or title, addressee=f"{body.addressee}：", paragraphs=body.paragraphs
        )

    return compose


class _Case:
    """The phrases every document repeats: who petitioned, about what, and "you"."""

    def __init__(self, petition: Petition):
        self.p = petition
        parties = list(petition.parties.all())
        representatives = [x for x in parties if x.representative_slot] if petition.is_group else []
        people = representatives or parties
        names = "、".join(x.petitioner.name for x in people) or "信访人"
        if petition.is_group:
            names = f"{names}等{petition.headcount}人"
        self.names = names
        self.you = "你们" if petition.is_group or len(people) > 1 else "你"

    def matter(self, who: str) -> str:
        p = self.p
        if p.channel == Channel.HIGHER:
            source = p.higher_source or "上级机关"
            when = f"于{chinese_date(p.higher_ref_date)}" if p.higher_ref_date else ""
            return (
                f"{who}反映的“{p.title}”问题（{source}{when}交办，交办文号：{p.higher_ref_no}；"
                f"登记编号：{p.reg_no}）"
            )
        return (
            f"{who}于{chinese_date(p.received_on)}以{p.get_channel_display()}形式反映的"
            f"“{p.title}”问题（登记编号：{p.reg_no}）"
        )

    def accepted(self) -> str:
        day = self.p.accepted_on
        return f"，本机关已于{chinese_date(day)}受理" if day else ""


def _sentence(text: str) -> str:
    """A free-text field as one sentence ending in a full stop."""
    text = " ".join(text.split())
    return text if text.endswith(("。", "！", "？", "”", "）")) else f"{text}。"


def _clause(text: str) -> str:
    """A free-text field inside a sentence: no closing full stop."""
    return " ".join(text.split()).rstrip("。；;，,. ")


def _limit(clock: PetitionClock) -> str:
    unit = "个工作日" if clock.rule_kind == "working" else "日"
    return f"{clock.rule_days}{unit}"


def acceptance(case: _Case, subject: Subject) -> Body:
    """Kept to one A4 page for a summary of up to about 20 characters: the decision, the limit,
    who handles it and how to follow it, in two paragraphs."""
    p, you = case.p, case.you
    paras = [
        Para(
            f"{case.matter(you)}，经审查属于本机关职责范围，本机关已于"
            f"{chinese_date(subject.issued_on)}受理（《信访工作条例》第二十三条）。"
        )
    ]
    clock = handling_clock(p)
    parts = []
    if clock is not None and clock.due is not None:
        parts.append(
            f"本机关将于{chinese_date(clock.due)}前办结（第三十四条：{_limit(clock)}），"
            f"需要延期的将告知{you}理由。"
        )
    if p.handling_unit is not None and p.handling_unit != subject.unit:
        parts.append(f"该事项由{p.handling_unit.name}承办。")
    parts.append(f"{you}可凭查询码 {p.query_code} {_portal_where()}查询办理进展。{CLOSING}")
    paras.append(Para("".join(parts)))
    return Body(case.names, paras)


def _portal_where() -> str:
    """Where the query code is used: the petitioner portal's address when the deployment has one
    (`PORTAL_PUBLIC_URL`, else `SITE_URL` + /portal/), so the notice says where to look."""
    url = getattr(settings, "PORTAL_PUBLIC_URL", "") or (
        f"{settings.SITE_URL.rstrip('/')}/portal/" if getattr(settings, "SITE_URL", "") else ""
    )
    return f"登录网上信访（{url}）" if url else ""


def not_accepted(case: _Case, subject: Subject) -> Body:
    p, you = case.p, case.you
    paras = [Para(f"{case.matter(you)}，本机关已收悉。经审查，{_sentence(p.not_accepted_reason)}")]
    if p.proper_channel == ProperChannel.NOT_APPLICABLE:
        paras.append(Para(f"根据《信访工作条例》的有关规定，本机关决定不予受理。{CLOSING}"))
    else:
        channel = ProperChannel(p.proper_channel).label
        paras.append(
            Para(
                "根据《信访工作条例》第三十一条的规定，该事项应当通过法定途径解决，本机关决定"
                f"不予受理。{you}可以依法通过以下途径解决：{channel}。"
            )
        )
        paras.append(Para(CLOSING))
    return Body(case.names, paras)


def _upper(subject: Subject) -> str:
    parent = subject.unit.parent
    return f"{parent.name}（本机关的上一级机关）" if parent else "本机关的上一级机关"


def reply(case: _Case, subject: Subject) -> Body:
    reply, you = subject.record, case.you
    paras = [
        Para(
            f"{case.matter(you)}{case.accepted()}。经调查核实，根据《信访工作条例》第三十二条"
            "的规定，现将处理意见告知如下："
        ),
        Para("一、信访人的请求", Style.HEADING),
        Para(_sentence(reply.request)),
        Para("二、查明的事实", Style.HEADING),
        Para(_sentence(reply.facts)),
        Para("三、处理理由", Style.HEADING),
        Para(_sentence(reply.reasons)),
        Para(f"四、处理意见：{D(reply.decision).label}", Style.HEADING),
        Para(f"本机关决定：对{you}的信访请求{VERBS[D(reply.decision)]}。"),
        Para("五、法律依据", Style.HEADING),
        Para(_sentence(reply.legal_basis)),
        Para(
            f"{you}如对本处理意见不服，可以自收到本意见书之日起30日内，向{_upper(subject)}"
            "请求复查（《信访工作条例》第三十五条）。"
        ),
    ]
    return Body(case.names, paras)


def extension(case: _Case, subject: Subject) -> Body:
    clock: PetitionClock = subject.record
    you, due = case.you, chinese_date(clock.due) if clock.due else ""
    paras = [
        Para(f"{case.matter(you)}{case.accepted()}，办理期限为自受理之日起{_limit(clock)}。"),
        Para(
            f"因{_clause(clock.extension_reason)}，该事项不能在上述期限内办结。根据《信访工作"
            f"条例》第三十四条的规定，经本机关负责人批准，办理期限延长{clock.extension_days}日，"
            f"延长后的办理期限至{due}。"
        ),
        Para(f"本机关将在延长的期限内办结，并将处理意见书面答复{you}。{CLOSING}"),
    ]
    return Body(case.names, paras)


def supervision(case: _Case, subject: Subject) -> Body:
    item, p = subject.record, case.p
    label = item.get_kind_display()
    clock = handling_clock(p)
    due = f"，办理期限至{chinese_date(clock.due)}" if clock and clock.due and clock.is_open else ""
    respond = (
        f"请于{chinese_date(item.respond_by)}前将办理情况书面反馈本机关。"
        if item.respond_by
        else "请抓紧办理，并将办理情况及时书面反馈本机关。"
    )
    paras = [
        Para(f"{case.matter(case.names)}，由你单位承办{due}。"),
        Para(f"现就该事项{label}如下：{_sentence(item.note)}"),
        Para(respond),
    ]
    reminder = item.kind == SupervisionKind.REMINDER
    return Body(item.to_unit.name, paras, "信访事项催办单" if reminder else "")


def _review_paras(case: _Case, subject: Subject, what: str, article: str) -> list[Para]:
    review: Review = subject.record
    return [
        Para(f"根据《信访工作条例》{article}的规定，本机关对该事项进行了{what}。{what}意见如下："),
        Para(_sentence(review.opinion)),
        Para(f"本机关决定：对{case.you}的{what}请求{VERBS[D(review.decision)]}。"),
    ]


def review(case: _Case, subject: Subject) -> Body:
    review: Review = subject.record
    reply, you = reply_of(case.p), case.you
    organ = handling_unit(case.p).name
    when = f"于{chinese_date(reply.issued_on)}" if reply else ""
    paras = [
        Para(
            f"{you}不服{organ}{when}作出的信访处理意见，于{chinese_date(review.requested_on)}"
            f"向本机关请求复查。复查请求及理由：{_sentence(review.reason)}"
        ),
        *_review_paras(case, subject, "复查", "第三十五条"),
        Para(
            f"{you}如对本复查意见不服，可以自收到本意见书之日起30日内，向{_upper(subject)}"
            "请求复核（《信访工作条例》第三十六条）。"
        ),
    ]
    return Body(case.names, paras)


def rereview(case: _Case, subject: Subject) -> Body:
    review: Review = subject.record
    you, first = case.you, review_of(case.p, "review")
    earlier = (
        f"{first.reviewing_unit.name}于{chinese_date(first.answered_on)}"
        if first and first.answered_on
        else ""
    )
    paras = [
        Para(
            f"{you}不服{earlier}作出的复查意见，于{chinese_date(review.requested_on)}向本机关"
            f"请求复核。复核请求及理由：{_sentence(review.reason)}"
        ),
        *_review_paras(case, subject, "复核", "第三十六条"),
        Para(
            f"本复核意见为终结意见。{you}对复核意见不服，仍以同一事实和理由提出投诉请求的，"
            "各级党委和政府信访部门和其他机关、单位不再受理（《信访工作条例》第三十六条）。"
        ),
    ]
    return Body(case.names, paras)
