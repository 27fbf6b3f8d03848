"""Dispute statuses and the transition table, with the clocks each step opens and stops.

`mediation.services.workflow.WORKFLOW` (the shared engine, `huajie.workflow.engine`) is the only
thing that changes `Dispute.status`. docs/state-machines/dispute.md shows this table (a test keeps
it true). A dispute under the simple procedure is registered already settled (当场化解) and only
archived; every other one runs the full procedure below.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from huajie.orgs.models import RoleCode
from huajie.timelimits.plan import opens, stops, supersedes
from huajie.workflow.engine import step

from .clocks import ClockKind as K


class Status(models.TextChoices):
    REGISTERED = "registered", "已登记"
    SETTLED = "settled", "当场化解"
    ACCEPTED = "accepted", "已受理"
    DECLINED = "declined", "不予受理"
    MEDIATING = "mediating", "调解中"
    AGREED = "agreed", "协议待签署"
    FAILED = "failed", "调解不成"
    REFERRED = "referred", "已移送"
    PERFORMING = "performing", "履行中"
    PERFORMED = "performed", "已履行"
    NOT_PERFORMED = "not_performed", "未履行"
    ARCHIVED = "archived", "已归档"


class Actor(models.TextChoices):
    COMMITTEE = "committee", "调解组织"  # mediators and leaders of the committee holding it
    HANDLER = "handler", "主持调解员"  # the dispute's mediator, or a leader over the committee


S = Status
MEDIATION = {RoleCode.MEDIATOR, RoleCode.LEADER}


def _class(n: int) -> Any:
    return lambda dispute: dispute.dispute_class == n


def _confirmable(dispute: Any) -> bool:
    return not dispute.dispute_type.status_matter


VISITS = (
    opens(K.VISIT_1, when=_class(1), note="一类纠纷"),
    opens(K.VISIT_2, when=_class(2), note="二类纠纷"),
    opens(K.VISIT_3, when=_class(3), note="三类纠纷"),
)
CONFIRMATION = opens(K.CONFIRMATION, when=_confirmable, note="不涉及婚姻、收养等身份关系时")
A = Actor

TRANSITIONS = (
    step("accept", "受理", {S.REGISTERED}, S.ACCEPTED, A.COMMITTEE, MEDIATION, opens(K.SETTLE)),
    step("decline", "不予受理", {S.REGISTERED}, S.DECLINED, A.COMMITTEE, MEDIATION),
    step("start", "开始调解", {S.ACCEPTED}, S.MEDIATING, A.HANDLER, MEDIATION),
    step("agree_oral", "达成口头协议", {S.MEDIATING}, S.PERFORMING, A.HANDLER, MEDIATION,
         stops(K.SETTLE), *VISITS),
    step("agree_written", "达成书面协议", {S.MEDIATING}, S.AGREED, A.HANDLER, MEDIATION,
         stops(K.SETTLE)),
    step("sign", "协议签署生效", {S.AGREED}, S.PERFORMING, A.HANDLER, MEDIATION,
         CONFIRMATION, *VISITS),
    step("fail", "调解不成", {S.ACCEPTED, S.MEDIATING, S.AGREED}, S.FAILED, A.HANDLER,
         MEDIATION, stops(K.SETTLE)),
    step("refer", "移送", {S.REGISTERED, S.ACCEPTED, S.MEDIATING}, S.REFERRED, A.COMMITTEE,
         MEDIATION, supersedes(K.SETTLE)),
    step("take_back", "移送后退回调解", {S.REFERRED}, S.ACCEPTED, A.COMMITTEE, MEDIATION,
         opens(K.SETTLE)),
    step("perform", "履行完毕", {S.PERFORMING}, S.PERFORMED, A.HANDLER, MEDIATION),
    step("not_perform", "未履行", {S.PERFORMING}, S.NOT_PERFORMED, A.HANDLER, MEDIATION),
    step("archive", "归档", {S.SETTLED, S.DECLINED, S.FAILED, S.REFERRED, S.PERFORMED,
                             S.NOT_PERFORMED}, S.ARCHIVED, A.COMMITTEE, MEDIATION,
         stops(K.CONFIRMATION)),
)  # fmt: skip

# "On hand": the committee still has work on it.
OPEN_STATUSES = frozenset({S.REGISTERED, S.ACCEPTED, S.MEDIATING, S.AGREED, S.PERFORMING})
# Mediation ended (the denominator of the success rate): an agreement or a failure.
AGREEMENT_STATUSES = frozenset({S.AGREED, S.PERFORMING, S.PERFORMED, S.NOT_PERFORMED})
