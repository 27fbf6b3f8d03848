"""Petition statuses and the transition table, with the clocks each step opens and stops.

`petitions.services.workflow.WORKFLOW` (the shared engine, `huajie.workflow.engine`) is the only
thing that changes `Petition.status`: it looks the action up here, checks the current status, the
actor rule (`petitions.rules.ACTORS`) and the roles, applies the clock effects, writes the case
row once and the event. docs/state-machines/petition.md shows this table (a test keeps it true).
"""

from __future__ import annotations

from django.db import models

from huajie.orgs.models import RoleCode
from huajie.timelimits.plan import opens, stops, supersedes
from huajie.workflow.engine import step

from .clocks import ClockKind as K


class Status(models.TextChoices):
    REGISTERED = "registered", "已登记"
    TRANSFERRED = "transferred", "已转送"
    NOT_ACCEPTED = "not_accepted", "不予受理"
    ACCEPTED = "accepted", "已受理"
    ASSIGNED = "assigned", "已交办"
    HANDLING = "handling", "办理中"
    REPLIED = "replied", "已答复"
    EVALUATED = "evaluated", "已评价"
    CLOSED = "closed", "已办结"
    UNDER_REVIEW = "under_review", "复查中"
    UNDER_REREVIEW = "under_rereview", "复核中"
    ARCHIVED = "archived", "已归档"


class Actor(models.TextChoices):
    """Who may take an action, relative to the case."""

    OWNER = "owner", "登记单位"  # staff of the registering unit (or its ancestors)
    RECEIVER = "receiver", "接收单位"  # staff of the unit the case was transferred/assigned to
    HANDLER = "handler", "承办人"  # the assigned handler, or a leader of the handling unit
    LEADER = "leader", "负责人"  # the responsible leader, or a leader of the handling unit
    STAFF = "staff", "登记或承办单位"  # OWNER or RECEIVER
    REVIEWER = "reviewer", "复查（复核）机关"  # staff of the unit answering the open review


S = Status
FRONT = {RoleCode.CLERK, RoleCode.LEADER}
HANDLING = {RoleCode.HANDLER, RoleCode.LEADER}
STAFF = {RoleCode.CLERK, RoleCode.HANDLER, RoleCode.LEADER}
ROUTING = stops(K.ROUTE, K.OBJECTION, K.ACCEPTANCE_NOTICE)


def _to_another_unit(petition: models.Model) -> bool:
    return getattr(petition, "handling_unit_id", None) != getattr(petition, "unit_id", None)


def _named(petition: models.Model) -> bool:
    """A petitioner to tell: an anonymous item has nobody to send the 受理告知书 to."""
    return not getattr(petition, "is_anonymous", False)


NOTICE_AGAIN = opens(K.ACCEPTANCE_NOTICE, when=_named, note="匿名件除外")


TRANSITIONS = (
    step("accept", "受理", {S.REGISTERED}, S.ACCEPTED, Actor.OWNER, FRONT,
         ROUTING, opens(K.HANDLING)),
    step("accept_transfer", "接收", {S.TRANSFERRED}, S.ACCEPTED, Actor.RECEIVER, FRONT,
         ROUTING, opens(K.HANDLING)),
    step("not_accept", "不予受理", {S.REGISTERED, S.TRANSFERRED}, S.NOT_ACCEPTED, Actor.OWNER,
         FRONT, ROUTING),
    step("transfer", "转送", {S.REGISTERED}, S.TRANSFERRED, Actor.OWNER, FRONT,
         stops(K.ROUTE), supersedes(K.ACCEPTANCE_NOTICE), NOTICE_AGAIN, opens(K.OBJECTION)),
    step("return_transfer", "退回", {S.TRANSFERRED}, S.REGISTERED, Actor.RECEIVER, FRONT,
         stops(K.OBJECTION), supersedes(K.ACCEPTANCE_NOTICE), opens(K.ROUTE), NOTICE_AGAIN),
    step("assign", "交办", {S.ACCEPTED}, S.ASSIGNED, Actor.OWNER, FRONT,
         opens(K.OBJECTION, when=_to_another_unit, note="交办给其他单位时")),
    step("return_assignment", "退回", {S.ASSIGNED}, S.ACCEPTED, Actor.RECEIVER, STAFF,
         stops(K.OBJECTION)),
    step("start_handling", "开始办理", {S.ASSIGNED}, S.HANDLING, Actor.HANDLER, HANDLING,
         stops(K.OBJECTION)),
    step("reply", "答复", {S.HANDLING}, S.REPLIED, Actor.HANDLER, HANDLING,
         stops(K.HANDLING), opens(K.REVIEW_REQUEST)),
    step("evaluate", "录入评价", {S.REPLIED}, S.EVALUATED, Actor.STAFF, STAFF),
    step("close", "办结", {S.REPLIED, S.EVALUATED}, S.CLOSED, Actor.OWNER, FRONT),
    # The petitioner's window outlives archiving: an archived case reopens for a timely request.
    step("request_review", "申请复查", {S.REPLIED, S.EVALUATED, S.CLOSED, S.ARCHIVED},
         S.UNDER_REVIEW, Actor.OWNER, FRONT, stops(K.REVIEW_REQUEST), opens(K.REVIEW_ANSWER)),
    step("answer_review", "复查答复", {S.UNDER_REVIEW}, S.CLOSED, Actor.REVIEWER, STAFF,
         stops(K.REVIEW_ANSWER), opens(K.REREVIEW_REQUEST)),
    step("request_rereview", "申请复核", {S.CLOSED, S.ARCHIVED}, S.UNDER_REREVIEW, Actor.OWNER,
         FRONT, stops(K.REREVIEW_REQUEST), opens(K.REREVIEW_ANSWER)),
    step("answer_rereview", "复核答复", {S.UNDER_REREVIEW}, S.CLOSED, Actor.REVIEWER, STAFF,
         stops(K.REREVIEW_ANSWER)),
    step("archive", "归档", {S.CLOSED, S.NOT_ACCEPTED}, S.ARCHIVED, Actor.OWNER, FRONT),
)  # fmt: skip

# Statuses in which the handling stage is still open (a case is "in hand" for queues).
OPEN_STATUSES = frozenset(
    {
        S.REGISTERED,
        S.TRANSFERRED,
        S.ACCEPTED,
        S.ASSIGNED,
        S.HANDLING,
        S.UNDER_REVIEW,
        S.UNDER_REREVIEW,
    }
)
FINISHED_STATUSES = frozenset({S.CLOSED, S.NOT_ACCEPTED, S.ARCHIVED})
