"""The 人民调解协议书 (《人民调解法》第二十九条), registered with the documents app.

A written agreement states the parties' basic details, the main facts, the points in dispute and
each side's responsibility, the agreed terms and how and by when they are performed; it takes
effect when every party signs, seals or fingerprints and the mediator signs under the committee's
seal; it is made in as many copies as there are parties plus one kept by the committee. The
document carries a signature block per party and the mediator's, and the committee's seal
placeholder. ID and phone numbers are not printed (the parties fill in or show them at signing).
Mediators of the committee holding the dispute issue it; anyone who may see the dispute downloads
it once issued. Issuing writes a 出具文书 event on the timeline.
"""

from __future__ import annotations

import re

from django.urls import reverse

from huajie.documents.layout import OfficialDocument, Para, Style, chinese_date
from huajie.documents.models import IssuedDocument
from huajie.documents.registry import (
    DocumentKind,
    DocumentTarget,
    Issue,
    NotApplicable,
    Subject,
    register,
)
from huajie.orgs.models import User

from .models import AgreementForm, AnalysisMeeting, Dispute, EventKind, Party, PartyKind
from .rules import within, works_here
from .selectors import agreement_of, dispute_get_for_user, meeting_get_for_user
from .services.screening import may_report
from .services.workflow import event_add

NUMERALS = "一二三四五六七八九十"

DISPUTE = DocumentTarget(
    slug="dispute",
    label="矛盾纠纷",
    model=Dispute,
    load=lambda user, pk: dispute_get_for_user(user=user, pk=pk),
    page=lambda pk: reverse("mediation:detail", args=[pk]),
    file_stem=lambda dispute: dispute.reg_no,
)


def agreement_subjects(dispute: Dispute) -> list[Subject]:
    agreement = agreement_of(dispute)
    if agreement is None or agreement.form != AgreementForm.WRITTEN:
        raise NotApplicable(
            "不能生成人民调解协议书：该纠纷还没有达成书面调解协议。请先在“达成协议”中登记书面协议。"
        )
    return [Subject(dispute.unit, agreement.reached_on, agreement)]


def _n(i: int) -> str:
    return NUMERALS[i] if i < len(NUMERALS) else str(i + 1)


def _party_line(p: Party) -> str:
    """当事人的基本情况 (《人民调解工作若干规定》第三十五条): a person's name, gender, birth date,
    ethnicity, occupation or work unit and address; an organisation's name, code, address and
    its representative with their post. What was not recorded is left blank to fill in by hand."""
    blank = "＿＿＿＿"
    parts = [f"{p.get_side_display()}：{p.name}"]
    if p.kind == PartyKind.ORGANISATION:
        if p.org_code:
            parts.append(f"统一社会信用代码{p.org_code}")
        parts.append(f"住所{p.address or blank}")
        rep = p.representative or blank
        parts.append(f"法定代表人（主要负责人）{rep}" + (f"，{p.representative_title}" if
                     p.representative_title else ""))  # fmt: skip
    else:
        parts.append(p.get_gender_display() or "性别" + blank)
        parts.append(f"{chinese_date(p.birth_date)}出生" if p.birth_date else f"{blank}年出生")
        parts.append(p.ethnicity or "民族" + blank)
        parts.append(p.occupation or "职业" + blank)
        parts.append(f"住{p.address or blank}")
        if p.representative:
            parts.append(f"代理人{p.representative}")
    return "，".join(parts) + "。"


def agreement_compose(dispute: Dispute, subject: Subject, issue: Issue) -> OfficialDocument:
    a = subject.record
    parties = list(dispute.parties.all())
    copies = len(parties) + 1
    paras = [Para("一、当事人基本情况", Style.HEADING)]
    paras += [Para(_party_line(p), Style.PLAIN) for p in parties]
    paras += [
        Para("二、纠纷主要事实和争议事项", Style.HEADING),
        Para(a.facts),
        Para(f"争议事项：{a.issues}"),
        Para("三、各方当事人的责任", Style.HEADING),
        Para(a.responsibilities),
        Para("四、经调解，各方自愿达成如下协议", Style.HEADING),
        Para(a.terms),
        Para("五、履行方式和期限", Style.HEADING),
    ]
    if a.performance_method:
        paras.append(Para(f"履行方式：{a.performance_method}"))
    for i, item in enumerate(a.items.all()):
        paras.append(
            Para(f"（{_n(i)}）{item.description}，于{chinese_date(item.due_on)}前履行完毕。")
        )
    paras.append(
        Para(
            "本协议经各方当事人签名、盖章或者按指印，人民调解员签名并加盖人民调解委员会印章后生效"
            f"（《中华人民共和国人民调解法》第二十九条）。本协议一式{copies}份，当事人各执一份，"
            f"{dispute.unit.name}留存一份。"
        )
    )
    if not dispute.dispute_type.status_matter:
        paras.append(
            Para(
                "当事人认为有必要的，可以自本协议生效之日起三十日内共同向人民法院申请司法确认"
                "（《中华人民共和国人民调解法》第三十三条）。"
            )
        )
    paras.append(Para("当事人（签名、盖章或者按指印）：", Style.HEADING))
    paras += [
        Para(f"{p.get_side_display()} {p.name}：＿＿＿＿＿＿＿＿　　年　月　日", Style.PLAIN)
        for p in parties
    ]
    mediators = [dispute.mediator.full_name] if dispute.mediator else [""]
    mediators += [n for n in re.split(r"[、，,\s]+", dispute.co_mediators) if n]
    paras += [
        Para(f"人民调解员（签名）：{m}＿＿＿＿＿　年　月　日", Style.PLAIN) for m in mediators
    ]
    paras.append(Para(f"纠纷编号：{dispute.reg_no}", Style.PLAIN))
    return issue.document(title="人民调解协议书", addressee="", paragraphs=paras)


def may_issue(user: User, dispute: Dispute, subject: Subject) -> bool:
    return works_here(user, dispute) and (user.is_superuser or within(subject.unit, user.unit))


def record_issue(dispute: Dispute, issued: IssuedDocument, label: str, acting_user: User) -> None:
    event_add(
        dispute=dispute,
        kind=EventKind.DOCUMENT,
        actor=acting_user,
        action="document_issue",
        text=f"出具{label}，编号{issued.number}，日期{chinese_date(issued.issued_on)}",
        changes={"document": [None, {"kind": issued.kind, "number": issued.number}]},
    )


register(
    DocumentKind(
        code="mediation_agreement",
        label="人民调解协议书",
        number_code="调协",
        target=DISPUTE,
        subjects=agreement_subjects,
        compose=agreement_compose,
        may_issue=may_issue,
        issuers="该纠纷所在人民调解委员会的调解员",
        on_issue=record_issue,
    )
)


# 矛盾纠纷分析研判例会纪要: the monthly meeting's minutes, issued by the unit that held it.
MEETING = DocumentTarget(
    slug="meeting",
    label="研判例会",
    model=AnalysisMeeting,
    load=lambda user, pk: meeting_get_for_user(user=user, pk=pk),
    page=lambda pk: reverse("mediation:meeting", args=[pk]),
    file_stem=lambda meeting: f"研判例会{meeting.held_on:%Y%m%d}",
)


def minutes_subjects(meeting: AnalysisMeeting) -> list[Subject]:
    return [Subject(meeting.unit, meeting.held_on, meeting)]


def _lines(text: str) -> list[Para]:
    return [Para(line.strip()) for line in text.splitlines() if line.strip()]


def minutes_compose(meeting: AnalysisMeeting, subject: Subject, issue: Issue) -> OfficialDocument:
    disputes = list(meeting.disputes.all())
    paras = [
        Para(f"时间：{chinese_date(meeting.held_on)}", Style.PLAIN),
        Para(f"主持人：{meeting.chair}", Style.PLAIN),
        Para(f"参会人员：{meeting.attendees}", Style.PLAIN),
        Para(f"记录人：{meeting.recorded_by.full_name or meeting.recorded_by}", Style.PLAIN),
        Para("一、研判的矛盾纠纷", Style.HEADING),
    ]
    if disputes:
        paras += [
            Para(f"（{_n(i)}）{d.reg_no} {d.title}（{d.get_dispute_class_display()}，"
                 f"{d.get_status_display()}）")
            for i, d in enumerate(disputes)
        ]  # fmt: skip
    else:
        paras.append(Para("本次例会未逐件研判已登记的纠纷。"))
    paras.append(Para("二、研判情况", Style.HEADING))
    paras += _lines(meeting.discussion)
    paras.append(Para("三、议定事项", Style.HEADING))
    paras += _lines(meeting.decisions)
    return issue.document(title="矛盾纠纷分析研判例会纪要", addressee="", paragraphs=paras)


def may_issue_minutes(user: User, meeting: AnalysisMeeting, subject: Subject) -> bool:
    return may_report(user, meeting.unit)


register(
    DocumentKind(
        code="mediation_minutes",
        label="研判例会纪要",
        number_code="研纪",
        target=MEETING,
        subjects=minutes_subjects,
        compose=minutes_compose,
        may_issue=may_issue_minutes,
        issuers="召开例会单位的调解员或领导",
        on_issue=lambda meeting, issued, label, acting_user: None,
    )
)
