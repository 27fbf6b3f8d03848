"""The emergency module's official documents (documents registry, GB/T 9704 layout):

- 应急预案 (`emergency_plan`, 文书代字 应预): a plan version as the 公文 offices issue — 总则,
  组织指挥体系, 事件分级, 应急响应, 信息报告, 后期处置, 应急保障, 预案管理 — issued under the
  letterhead of the unit the plan covers; a revision carries its 修订说明 and what changed.
- 总结评估报告 (`emergency_review`, 应评): the after-action report of an incident, assembled from
  the timeline and the clocks (each member's 收到 and 到达 against the plan's limits, each report's
  timeliness), what went well, what to improve and the corrective actions with owners and dates.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

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

from . import rules
from .models import (
    GRADE_SHORT,
    ClockKind,
    EventKind,
    GroupKind,
    Incident,
    IncidentEvent,
    IncidentStatus,
    PlanMember,
    PlanStatus,
    PlanVersion,
    ReportKind,
)
from .selectors import incident_get_for_user, version_get_for_user
from .services.common import duration

NUMERALS = "一二三四五六七八九十"


def _n(i: int) -> str:
    return NUMERALS[i] if i < len(NUMERALS) else str(i + 1)


PLAN = DocumentTarget(
    slug="emergency-plan",
    label="应急预案",
    model=PlanVersion,
    load=lambda user, pk: version_get_for_user(user=user, pk=pk),
    page=lambda pk: reverse("emergency:version", args=[pk]),
    file_stem=lambda v: f"{v.title}（第{v.number}版）",
)


def plan_subjects(version: PlanVersion) -> list[Subject]:
    if version.status == PlanStatus.DRAFT:
        raise NotApplicable("修订稿不能印发：请先发布施行，再出具预案文本。")
    day = version.effective_on or timezone.localdate()
    return [Subject(version.plan.area_unit, day, version)]


def _lines(text: str) -> list[Para]:
    return [Para(line.strip()) for line in text.splitlines() if line.strip()]


def _member(m: PlanMember) -> str:
    title = f" {m.user.title}" if m.user.title else ""
    return f"{m.get_position_display()}：{m.user}（{m.user.unit}{title}）"


def plan_compose(version: PlanVersion, subject: Subject, issue: Issue) -> OfficialDocument:
    v = version
    groups = list(v.groups.all())
    paras = [Para("一、总则", Style.HEADING)]
    if v.purpose:
        paras += [Para("（一）编制目的和依据", Style.HEADING), *_lines(v.purpose)]
    paras += [Para("（二）适用范围", Style.HEADING), *_lines(v.scope_text)]
    paras += [Para("（三）工作原则", Style.HEADING), *_lines(v.principles)]
    paras.append(Para("二、组织指挥体系", Style.HEADING))
    office = f"，指挥部办公室设在{v.office_name}" if v.office_name else ""
    paras.append(Para(f"成立{v.command_name}{office}。"))
    for i, g in enumerate(groups):
        members = "；".join(_member(m) for m in g.members.all())
        paras.append(Para(f"（{_n(i)}）{g.name}", Style.HEADING))
        paras += _lines(g.duties)
        if members:
            paras.append(Para(f"组成人员：{members}。"))
        if g.kind == GroupKind.WORK:
            paras.append(
                Para(
                    f"接到启动通知后{g.ack_minutes}分钟内确认收到，{g.arrive_minutes}分钟内到达现场。"
                )
            )
    if v.office_duties:
        paras += [Para("指挥部办公室职责：", Style.PLAIN), *_lines(v.office_duties)]
    types = list(v.types.all())
    paras.append(Para("三、事件分级", Style.HEADING))
    for t in types:
        paras.append(Para(f"{t.name}：" + "；".join(
            f"{c.get_grade_display()}，{c.text}" for c in t.criteria.all()) + "。"))  # fmt: skip
    paras.append(Para("四、应急响应", Style.HEADING))
    for i, t in enumerate(types):
        paras.append(Para(f"（{_n(i)}）{t.name}", Style.HEADING))
        if t.description:
            paras += _lines(t.description)
        for k, s in enumerate(t.steps.all(), 1):
            who = s.group.name if s.group else "指挥部"
            grade = f"（{GRADE_SHORT[s.lowest_grade]}及以上响应）" if s.lowest_grade else ""
            paras.append(
                Para(f"{k}. {s.action}。责任：{who}；时限：接报后{s.minutes}分钟内{grade}。")
            )
    paras.append(Para("五、信息报告", Style.HEADING))
    for r in v.reports.all():
        span = duration(r.minutes)
        when = {
            ReportKind.FIRST: f"接报后{span}内",
            ReportKind.CONTINUED: f"响应期间每{span}",
            ReportKind.FINAL: f"响应终止后{span}内",
        }
        paras.append(Para(f"{r.get_kind_display()}：{when[ReportKind(r.kind)]}报{r.recipient}。"
                          + (r.note or "")))  # fmt: skip
    paras.append(
        Para(
            "报告内容包括事件发生的时间、地点、经过、伤亡情况、已采取的措施和下一步工作。"
            "不得迟报、谎报、瞒报、漏报（《中华人民共和国突发事件应对法》）。"
        )
    )
    paras.append(Para("六、后期处置", Style.HEADING))
    if v.aftercare:
        paras += _lines(v.aftercare)
    paras.append(
        Para(
            f"应急响应终止后{v.review_days}日内，指挥部办公室组织总结评估，形成总结评估报告，"
            "有关记录一并归档。"
        )  # fmt: skip
    )
    resources = list(v.resources.all())
    if resources:
        paras.append(Para("七、应急保障", Style.HEADING))
        for res in resources:
            keeper = f"，保管人{res.keeper}" if res.keeper else ""
            paras.append(Para(f"{res.name}{res.quantity}，存放于{res.location}{keeper}。"))
    paras.append(Para(f"{'八' if resources else '七'}、预案管理", Style.HEADING))
    paras.append(
        Para(
            f"本预案每年至少组织演练{v.drills_per_year}次。"
            + (f"本预案于{chinese_date(v.review_on)}前评估修订。" if v.review_on else "")
        )
    )
    if v.effective_on:
        paras.append(Para(f"本预案自{chinese_date(v.effective_on)}起施行。"))
    if v.changes:
        paras.append(Para("附：修订说明", Style.HEADING))
        paras += _lines(v.change_note)
        paras += [Para(f"{c['what']}：由“{c['old'] or '无'}”修订为“{c['new'] or '删除'}”。")
                  for c in v.changes]  # fmt: skip
    return issue.document(title=v.title, addressee="各乡镇人民政府，县直各单位：", paragraphs=paras)


def may_issue_plan(user: User, version: PlanVersion, subject: Subject) -> bool:
    return rules.may_edit_plan(user, version.plan)


def record_plan_issue(version: PlanVersion, issued: IssuedDocument, label: str, user: User) -> None:
    """The number goes on the version (its 文号) when it has none of its own."""
    if not version.doc_number:
        PlanVersion.objects.filter(pk=version.pk).update(doc_number=issued.number)


INCIDENT = DocumentTarget(
    slug="incident",
    label="突发事件",
    model=Incident,
    load=lambda user, pk: incident_get_for_user(user=user, pk=pk),
    page=lambda pk: reverse("emergency:incident", args=[pk]),
    file_stem=lambda incident: incident.reg_no,
)


def review_subjects(incident: Incident) -> list[Subject]:
    review = getattr(incident, "review", None) if incident.status == IncidentStatus.CLOSED else None
    if review is None:
        raise NotApplicable("事件还没有完成总结评估，请先在事件页面填写总结评估。")
    return [Subject(incident.command_unit, timezone.localtime(review.written_at).date(), review)]


def _hm(moment: object) -> str:
    return timezone.localtime(moment).strftime("%m月%d日%H:%M") if moment else "未"  # type: ignore[arg-type]


def review_compose(incident: Incident, subject: Subject, issue: Issue) -> OfficialDocument:
    review = subject.record
    i = incident
    paras = [
        Para("一、事件基本情况", Style.HEADING),
        Para(f"{_hm(i.received_at)}，{i.unit}接报：{i.place}发生{i.incident_type.name}。"
             f"{i.description}涉及{i.people_count}人，死亡{i.deaths}人，受伤{i.injured}人。"),
        Para(f"{_hm(i.activated_at)}启动《{i.plan_version.title}》"
             f"{GRADE_SHORT.get(i.grade or 0, '')}响应，{_hm(i.stood_down_at)}响应终止。"
             f"处置结果：{i.resolution}"),
        Para("二、处置经过", Style.HEADING),
        *_lines(review.summary),
    ]  # fmt: skip
    timeline = (
        IncidentEvent.objects.filter(incident=i)
        .exclude(kind__in=(EventKind.ACK, EventKind.ARRIVE))
        .order_by("at", "id")
    )
    paras += [Para(f"{_hm(e.at)} {e.get_kind_display()}：{e.text}", Style.PLAIN) for e in timeline]
    paras.append(Para("三、响应时效", Style.HEADING))
    clocks = {(c.responder_id, c.kind): c for c in i.clocks.all() if c.responder_id}
    on_time = late = 0
    for r in i.responders.all():
        ack, arrive = clocks.get((r.pk, ClockKind.ACK)), clocks.get((r.pk, ClockKind.ARRIVE))
        parts = []
        for label, moment, clock in (("收到", r.acked_at, ack), ("到达", r.arrived_at, arrive)):
            verdict = "按时" if clock and clock.outcome == "on_time" else "超时"
            if clock and clock.outcome == "on_time":
                on_time += 1
            else:
                late += 1
            parts.append(
                f"{label}{_hm(moment)}（时限{clock.rule_minutes if clock else '-'}分钟，{verdict}）"
            )
        paras.append(Para(f"{r.group_name} {r.user}：" + "，".join(parts) + "。", Style.PLAIN))
    paras.append(Para(f"收到和到达共{on_time + late}项，按时{on_time}项，超时{late}项。"))
    for rep in i.reports.all():
        t = f"迟报{rep.minutes_late}分钟" if rep.minutes_late else "按时"
        paras.append(Para(f"{rep}：{_hm(rep.filed_at)}报{rep.recipient}，{t}。", Style.PLAIN))
    paras += [Para("四、经验做法", Style.HEADING), *_lines(review.went_well)]
    paras += [Para("五、存在问题", Style.HEADING), *_lines(review.to_improve)]
    actions = list(review.actions.select_related("owner"))
    if actions:
        paras.append(Para("六、改进措施", Style.HEADING))
        paras += [Para(f"{k}. {a.text}。责任人：{a.owner}；完成时限：{chinese_date(a.due_on)}。")
                  for k, a in enumerate(actions, 1)]  # fmt: skip
    title = f"关于{i.title}应急处置情况的总结评估报告"
    return issue.document(title=title, addressee="", paragraphs=paras)


def may_issue_review(user: User, incident: Incident, subject: Subject) -> bool:
    return rules.commands(user, incident)


def record_review_issue(incident: Incident, issued: IssuedDocument, label: str, user: User) -> None:
    IncidentEvent.objects.create(
        incident=incident, kind=EventKind.DOCUMENT, actor=user, action="document_issue",
        text=f"出具{label}，编号{issued.number}",
        changes={"document": [None, {"kind": issued.kind, "number": issued.number}]},
    )  # fmt: skip


register(
    DocumentKind(
        code="emergency_plan", label="应急预案", number_code="应预", target=PLAN,
        subjects=plan_subjects, compose=plan_compose, may_issue=may_issue_plan,
        issuers="预案编制单位的应急指挥、领导或管理员", on_issue=record_plan_issue,
    )
)  # fmt: skip
register(
    DocumentKind(
        code="emergency_review", label="总结评估报告", number_code="应评", target=INCIDENT,
        subjects=review_subjects, compose=review_compose, may_issue=may_issue_review,
        issuers="指挥该事件的应急指挥或领导", on_issue=record_review_issue,
    )
)  # fmt: skip
