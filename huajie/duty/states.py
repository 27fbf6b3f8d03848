"""The duty module's state tables, as data (workflow.engine): a month's roster, a swap, a leave
request and a handover. Each status changes only through its Workflow (services/workflow.py)."""

from __future__ import annotations

from django.db import models

from huajie.workflow.engine import step

from .models import HandoverStatus, LeaveStatus, RosterStatus, SwapStatus


class Actor(models.TextChoices):
    UNIT_STAFF = "unit_staff", "本单位（或上级）排班人员"
    COUNTERPART = "counterpart", "替班人"
    REQUESTER = "requester", "申请人"
    APPROVER = "approver", "带班领导或本单位领导"
    LEAVE_APPROVER = "leave_approver", "特护期领导小组组长或本单位领导"
    INCOMING = "incoming", "接班人"


STAFF = ("duty_officer", "leader", "admin")
ANYONE = ("duty_officer", "leader", "admin", "clerk", "handler", "mediator", "commander")
LEADERS = ("leader", "admin", "duty_officer")

R = RosterStatus
ROSTER_TRANSITIONS = (
    step("publish", "发布并报备", {R.DRAFT}, R.PUBLISHED, Actor.UNIT_STAFF, STAFF),
    step("revise", "修订", {R.PUBLISHED}, R.DRAFT, Actor.UNIT_STAFF, STAFF),
)

S = SwapStatus
SWAP_TRANSITIONS = (
    step("accept", "同意替班", {S.REQUESTED}, S.ACCEPTED, Actor.COUNTERPART, ANYONE),
    step("approve", "批准换班", {S.ACCEPTED}, S.APPROVED, Actor.APPROVER, LEADERS),
    step("decline", "不同意", {S.REQUESTED}, S.REFUSED, Actor.COUNTERPART, ANYONE),
    step("refuse", "不予批准", {S.ACCEPTED}, S.REFUSED, Actor.APPROVER, LEADERS),
    step("cancel", "撤回", {S.REQUESTED, S.ACCEPTED}, S.CANCELLED, Actor.REQUESTER, ANYONE),
)

L = LeaveStatus
LEAVE_TRANSITIONS = (
    step("approve", "批准", {L.PENDING}, L.APPROVED, Actor.LEAVE_APPROVER, ("leader", "admin")),
    step("refuse", "不予批准", {L.PENDING}, L.REFUSED, Actor.LEAVE_APPROVER, ("leader", "admin")),
)

H = HandoverStatus
HANDOVER_TRANSITIONS = (step("accept", "接班", {H.WRITTEN}, H.ACCEPTED, Actor.INCOMING, STAFF),)
