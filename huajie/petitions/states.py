"""Petition statuses and the allowed transitions, as data.

`petitions.services.transition` is the only function that changes `Petition.status`: it looks the
action up here, checks the current status and the acting user's right to act, writes the event
and saves with `update_fields`. See docs/state-machines/petition.md for the diagram.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models


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


@dataclass(frozen=True)
class Transition:
    action: str
    label: str  # the button: says what it does
    sources: frozenset[str]
    target: str
    actor: str
    roles: frozenset[str]


def _t(action: str, label: str, sources: set[str], target: str, actor: str, roles: set[str]):
    return Transition(action, label, frozenset(sources), target, actor, frozenset(roles))


_FRONT = {"clerk", "leader"}
_HANDLING = {"handler", "leader"}

TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        _t("accept", "受理", {S.REGISTERED}, S.ACCEPTED, Actor.OWNER, _FRONT),
        _t("accept_transfer", "接收", {S.TRANSFERRED}, S.ACCEPTED, Actor.RECEIVER, _FRONT),
        _t(
            "not_accept",
            "不予受理",
            {S.REGISTERED, S.TRANSFERRED},
            S.NOT_ACCEPTED,
            Actor.OWNER,
            _FRONT,
        ),
        _t("transfer", "转送", {S.REGISTERED}, S.TRANSFERRED, Actor.OWNER, _FRONT),
        _t("return_transfer", "退回", {S.TRANSFERRED}, S.REGISTERED, Actor.RECEIVER, _FRONT),
        _t("assign", "交办", {S.ACCEPTED}, S.ASSIGNED, Actor.OWNER, _FRONT),
        _t(
            "return_assignment",
            "退回",
            {S.ASSIGNED},
            S.ACCEPTED,
            Actor.RECEIVER,
            {"clerk", "handler", "leader"},
        ),
        _t("start_handling", "开始办理", {S.ASSIGNED}, S.HANDLING, Actor.HANDLER, _HANDLING),
        _t("reply", "答复", {S.HANDLING}, S.REPLIED, Actor.HANDLER, _HANDLING),
        _t(
            "evaluate",
            "录入评价",
            {S.REPLIED},
            S.EVALUATED,
            Actor.STAFF,
            {"clerk", "handler", "leader"},
        ),
        _t("close", "办结", {S.REPLIED, S.EVALUATED}, S.CLOSED, Actor.OWNER, _FRONT),
        _t(
            "request_review",
            "申请复查",
            {S.REPLIED, S.EVALUATED, S.CLOSED},
            S.UNDER_REVIEW,
            Actor.OWNER,
            _FRONT,
        ),
        _t(
            "answer_review",
            "复查答复",
            {S.UNDER_REVIEW},
            S.CLOSED,
            Actor.REVIEWER,
            {"clerk", "handler", "leader"},
        ),
        _t("request_rereview", "申请复核", {S.CLOSED}, S.UNDER_REREVIEW, Actor.OWNER, _FRONT),
        _t(
            "answer_rereview",
            "复核答复",
            {S.UNDER_REREVIEW},
            S.CLOSED,
            Actor.REVIEWER,
            {"clerk", "handler", "leader"},
        ),
        _t("archive", "归档", {S.CLOSED, S.NOT_ACCEPTED}, S.ARCHIVED, Actor.OWNER, _FRONT),
    )
}

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


def transitions_from(status: str) -> list[Transition]:
    return [t for t in TRANSITIONS.values() if status in t.sources]
