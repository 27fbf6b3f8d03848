"""The status changes of a dispute, one service each, all through `WORKFLOW.transition`."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.db import transaction
from django.urls import reverse

from huajie.common.errors import ApplicationError
from huajie.notices.services import notice_send
from huajie.orgs.models import User

from ..clocks import ClockKind
from ..models import (
    Agreement,
    AgreementForm,
    Dispute,
    FailureReason,
    PerformanceTerm,
    ReferralTo,
    Route,
)
from ..rules import open_visit_clock
from ..states import Status
from .workflow import WORKFLOW, action_day, check_day, require, required_text, tell_source

ROUTE_REQUIRED = "请选择告知当事人的其他解决途径（起诉、仲裁、报案等）。"


def _route(route: str) -> str:
    if route not in Route.values:
        raise ApplicationError(ROUTE_REQUIRED, code="route_required", field="route")
    return route


@transaction.atomic
def dispute_accept(
    *,
    dispute: Dispute,
    acting_user: User,
    expected_version: int | None,
    mediator: User | None = None,
    on: date | None = None,
) -> Dispute:
    day = action_day(dispute, on)
    fields: dict[str, Any] = {"accepted_on": day}
    if mediator is not None:
        fields["mediator"] = mediator
    elif dispute.mediator_id is None:
        fields["mediator"] = acting_user
    WORKFLOW.transition(
        record=dispute, action="accept", acting_user=acting_user,
        expected_version=expected_version, on=day, fields=fields,
        text=f"受理，主持调解员：{fields.get('mediator', dispute.mediator)}",
    )  # fmt: skip
    chosen = fields.get("mediator")
    if chosen is not None and chosen != acting_user:
        notice_send(
            recipients=[chosen],
            message=f"请您主持调解纠纷 {dispute.reg_no}：{dispute.title}（一个月内调结）",
            target=dispute,
            url=reverse("mediation:detail", args=[dispute.pk]),
            actor=acting_user,
        )
    return dispute


@transaction.atomic
def dispute_decline(
    *,
    dispute: Dispute,
    acting_user: User,
    expected_version: int | None,
    reason: str,
    route: str,
    route_note: str = "",
    on: date | None = None,
) -> Dispute:
    """不予受理: with the reason and the proper channel the parties are told."""
    reason = required_text(reason, "请填写不予受理的理由。", "reason")
    route = _route(route)
    day = action_day(dispute, on)
    WORKFLOW.transition(
        record=dispute, action="decline", acting_user=acting_user,
        expected_version=expected_version, on=day,
        fields={"declined_reason": reason, "route": route, "route_note": route_note or "",
                "ended_on": day},
        text=f"{reason}。已告知当事人：{Route(route).label}",
    )  # fmt: skip
    tell_source(dispute, acting_user, f"人民调解委员会不予受理：{reason}。请继续依法办理。")
    return dispute


@transaction.atomic
def dispute_start(
    *, dispute: Dispute, acting_user: User, expected_version: int | None, on: date | None = None
) -> Dispute:
    day = action_day(dispute, on)
    WORKFLOW.transition(
        record=dispute, action="start", acting_user=acting_user,
        expected_version=expected_version, on=day,
    )  # fmt: skip
    return dispute


DATE_AT_END = re.compile(
    r"^(?P<text>.+?)[\s,，;；:：]*(?P<date>\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?)$"
)


def parse_items(text: str | None) -> list[tuple[str, date]]:
    """Performance terms typed one per line, each ending with its date:
    "赔偿医药费3000元 2026-12-20"."""
    items = []
    for n, line in enumerate((text or "").splitlines(), 1):
        line = line.strip()
        if not line:
            continue
        match = DATE_AT_END.match(line)
        due = None
        if match:
            digits = re.split(r"[-/.年月日]", match["date"].rstrip("日"))
            try:
                due = date(int(digits[0]), int(digits[1]), int(digits[2]))
            except (ValueError, IndexError):
                due = None
        if match is None or due is None:
            raise ApplicationError(
                f"履行事项第{n}行没有写明履行期限。每行写一项，以日期结尾，"
                "例如：赔偿医药费3000元 2026-12-20。",
                code="item_due_required",
                field="items",
            )
        items.append((match["text"].strip(), due))
    return items


@transaction.atomic
def dispute_agree(
    *,
    dispute: Dispute,
    acting_user: User,
    expected_version: int | None,
    form: str,
    terms: str,
    items: str = "",
    facts: str = "",
    issues: str = "",
    responsibilities: str = "",
    performance_method: str = "",
    on: date | None = None,
) -> Dispute:
    """达成协议. An oral agreement takes effect now (recorded with its terms); a written one
    (人民调解协议书) carries every statutory content and waits for the signatures (`dispute_sign`).
    Either way each performance term is an item with a due date."""
    if form not in AgreementForm.values:
        raise ApplicationError("请选择口头协议或书面协议。", code="form_required", field="form")
    terms = required_text(terms, "请填写协议内容（双方约定的权利义务）。", "terms")
    written = form == AgreementForm.WRITTEN
    if written:
        required_text(facts, "书面协议须写明纠纷的主要事实（《人民调解法》第二十九条）。", "facts")
        required_text(issues, "书面协议须写明争议事项（《人民调解法》第二十九条）。", "issues")
        required_text(
            responsibilities,
            "书面协议须写明各方当事人的责任（《人民调解法》第二十九条）。",
            "responsibilities",
        )
    parsed = parse_items(items)
    if written and not parsed:
        raise ApplicationError(
            "书面协议须写明履行方式和期限：请至少填写一项履行事项及其期限"
            "（《人民调解法》第二十九条）。",
            code="items_required",
            field="items",
        )
    day = action_day(dispute, on)
    for _, due in parsed:
        if due < day:
            raise ApplicationError(
                f"履行期限（{due:%Y-%m-%d}）不能早于达成协议的日期，请核对。",
                code="item_due_before_agreement", field="items",
            )  # fmt: skip
    agreement = Agreement.objects.create(
        dispute=dispute, form=form, facts=facts.strip(), issues=issues.strip(),
        responsibilities=responsibilities.strip(), terms=terms,
        performance_method=performance_method.strip(), reached_on=day,
        signed_on=None if written else day, drafted_by=acting_user,
    )  # fmt: skip
    PerformanceTerm.objects.bulk_create(
        PerformanceTerm(agreement=agreement, order=n, description=text[:300], due_on=due)
        for n, (text, due) in enumerate(parsed, 1)
    )
    fields: dict[str, Any] = {"agreement_form": form, "ended_on": day}
    if not written:
        fields["agreement_on"] = day
    WORKFLOW.transition(
        record=dispute, action="agree_written" if written else "agree_oral",
        acting_user=acting_user, expected_version=expected_version, on=day, fields=fields,
        text=f"{AgreementForm(form).label}：{terms[:200]}",
    )  # fmt: skip
    if not written:
        tell_source(dispute, acting_user,
                    f"经调解达成口头协议，{day:%Y年%-m月%-d日}生效：{terms[:100]}。"
                    "可依《信访工作条例》第三十三条以调解协议办结。")  # fmt: skip
    return dispute


@transaction.atomic
def dispute_sign(
    *, dispute: Dispute, acting_user: User, expected_version: int | None, on: date | None = None
) -> Dispute:
    """The parties signed (sealed, fingerprinted) and the mediator signed under the committee's
    seal: the written agreement takes effect; the 30-day confirmation window opens."""
    day = action_day(dispute, on)
    WORKFLOW.transition(
        record=dispute, action="sign", acting_user=acting_user,
        expected_version=expected_version, on=day, fields={"agreement_on": day},
        text="调解协议经各方当事人签名（盖章、按指印）、调解员签名并加盖调解委员会印章后生效",
    )  # fmt: skip
    Agreement.objects.filter(dispute=dispute).update(signed_on=day)
    tell_source(dispute, acting_user, f"经调解达成书面调解协议，{day:%Y年%-m月%-d日}签署生效。"
                "可依《信访工作条例》第三十三条以调解协议办结。")  # fmt: skip
    return dispute


def _reasons(reasons: Any) -> list[str]:
    if isinstance(reasons, str):
        reasons = [r.strip() for r in re.split(r"[,，\s]+", reasons) if r.strip()]
    chosen = [r for r in (reasons or []) if r]
    if not chosen:
        raise ApplicationError(
            "请至少选择一项调解不成的原因。", code="reasons_required", field="reasons"
        )
    unknown = [r for r in chosen if r not in FailureReason.values]
    if unknown:
        names = "、".join(f"{c}（{c.label}）" for c in FailureReason)
        raise ApplicationError(f"调解不成的原因只能从以下选择：{names}。", field="reasons")
    return list(dict.fromkeys(chosen))


@transaction.atomic
def dispute_fail(
    *,
    dispute: Dispute,
    acting_user: User,
    expected_version: int | None,
    reasons: Any,
    route: str,
    route_note: str = "",
    on: date | None = None,
) -> Dispute:
    """调解不成: the reasons (several may apply) and the routes the parties were told."""
    chosen = _reasons(reasons)
    route = _route(route)
    day = action_day(dispute, on)
    labels = "、".join(FailureReason(r).label for r in chosen)
    WORKFLOW.transition(
        record=dispute, action="fail", acting_user=acting_user,
        expected_version=expected_version, on=day,
        fields={"failure_reasons": chosen, "route": route, "route_note": route_note or "",
                "ended_on": day},
        text=f"调解不成（{labels}），已告知当事人可{Route(route).label}",
    )  # fmt: skip
    tell_source(dispute, acting_user, f"调解不成（{labels}），请继续依法办理。")
    return dispute


@transaction.atomic
def dispute_refer(
    *,
    dispute: Dispute,
    acting_user: User,
    expected_version: int | None,
    to: str,
    reason: str,
    on: date | None = None,
) -> Dispute:
    """移送: police matters to the police station, litigation to the court, 信访 to the office."""
    if to not in ReferralTo.values:
        raise ApplicationError("请选择移送去向。", code="referral_required", field="to")
    reason = required_text(reason, "请填写移送理由。", "reason")
    day = action_day(dispute, on)
    WORKFLOW.transition(
        record=dispute, action="refer", acting_user=acting_user,
        expected_version=expected_version, on=day, fields={"referred_to": to},
        text=f"移送{ReferralTo(to).label}：{reason}",
    )  # fmt: skip
    return dispute


@transaction.atomic
def dispute_take_back(
    *,
    dispute: Dispute,
    acting_user: User,
    expected_version: int | None,
    reason: str,
    on: date | None = None,
) -> Dispute:
    reason = required_text(reason, "请填写退回调解的原因（例如派出所转回调解）。", "reason")
    day = action_day(dispute, on)
    WORKFLOW.transition(
        record=dispute, action="take_back", acting_user=acting_user,
        expected_version=expected_version, on=day, fields={"accepted_on": day},
        text=f"由{dispute.get_referred_to_display() or '移送单位'}退回调解：{reason}",
    )  # fmt: skip
    return dispute


@transaction.atomic
def dispute_perform(
    *, dispute: Dispute, acting_user: User, expected_version: int | None, on: date | None = None
) -> Dispute:
    day = action_day(dispute, on)
    open_items = [i for i in _items(dispute) if i.done_on is None]
    if open_items:
        PerformanceTerm.objects.filter(pk__in=[i.pk for i in open_items]).update(done_on=day)
    WORKFLOW.transition(
        record=dispute, action="perform", acting_user=acting_user,
        expected_version=expected_version, on=day,
        fields={"performance": "performed", "performed_on": day}, text="协议已履行完毕",
    )  # fmt: skip
    return dispute


@transaction.atomic
def dispute_not_perform(
    *,
    dispute: Dispute,
    acting_user: User,
    expected_version: int | None,
    route_note: str,
    on: date | None = None,
) -> Dispute:
    """未履行: the parties are told they may sue (or apply for enforcement if confirmed)."""
    note = required_text(route_note, "请填写未履行的情况和告知当事人的途径。", "route_note")
    day = action_day(dispute, on)
    WORKFLOW.transition(
        record=dispute, action="not_perform", acting_user=acting_user,
        expected_version=expected_version, on=day,
        fields={"performance": "not", "route": Route.COURT, "route_note": note},
        text=f"协议未履行，已告知当事人可依法向人民法院起诉：{note}",
    )  # fmt: skip
    return dispute


@transaction.atomic
def dispute_archive(
    *, dispute: Dispute, acting_user: User, expected_version: int | None, on: date | None = None
) -> Dispute:
    """归档 (一案一档). A dispute whose agreement is due a return visit is visited first."""
    if dispute.agreement_on is not None and dispute.status != Status.SETTLED:
        clock = open_visit_clock(dispute)
        if clock is not None or not dispute.visits.exists():
            raise ApplicationError(
                "该纠纷达成协议后尚未回访，请先完成回访再归档。", code="visit_required"
            )
    day = action_day(dispute, on)
    WORKFLOW.transition(
        record=dispute, action="archive", acting_user=acting_user,
        expected_version=expected_version, on=day, fields={"archived_on": day},
    )  # fmt: skip
    return dispute


def _items(dispute: Dispute) -> list[PerformanceTerm]:
    try:
        return list(dispute.agreement.items.all())
    except Agreement.DoesNotExist:
        return []


def confirmation_window_due(dispute: Dispute) -> date | None:
    clocks = [c for c in dispute.clocks.all() if c.kind == ClockKind.CONFIRMATION]
    return clocks[-1].due if clocks else None


__all__ = [
    "check_day",
    "confirmation_window_due",
    "dispute_accept",
    "dispute_agree",
    "dispute_archive",
    "dispute_decline",
    "dispute_fail",
    "dispute_not_perform",
    "dispute_perform",
    "dispute_refer",
    "dispute_sign",
    "dispute_start",
    "dispute_take_back",
    "parse_items",
    "require",
]
