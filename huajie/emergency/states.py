"""The incident and the hazard as state tables (workflow.engine). `services/workflow.py` holds
the Workflows, the only code that changes either status; docs/state-machines/incident.md and
hazard.md show these tables (a test keeps them true).

Minute clocks are not day clocks: the steps here have no clock effects; the incident services
start and stop its `IncidentClock`s with `timelimits.minutes` in the same transaction."""

from __future__ import annotations

from django.db import models

from huajie.orgs.models import RoleCode
from huajie.workflow.engine import step

from .models import HazardStatus, IncidentStatus


class Actor(models.TextChoices):
    COMMAND = "command", "指挥单位或接报单位的应急指挥、领导"
    RECTIFIER = "rectifier", "整改责任人或责任单位"
    CHECKER = "checker", "整改人以外的复查人（责任单位或督办单位）"


COMMAND_ROLES = (RoleCode.COMMANDER, RoleCode.LEADER)
ANY_STAFF = tuple(code for code, _ in RoleCode.choices)

S = IncidentStatus
INCIDENT_TRANSITIONS = (
    step("activate", "启动预案", {S.REPORTED}, S.ACTIVE, Actor.COMMAND, COMMAND_ROLES),
    step("stand_down", "响应终止", {S.ACTIVE}, S.STOOD_DOWN, Actor.COMMAND, COMMAND_ROLES),
    step("review", "总结评估并归档", {S.STOOD_DOWN}, S.CLOSED, Actor.COMMAND, COMMAND_ROLES),
    step("dismiss", "不启动预案，办结", {S.REPORTED}, S.CLOSED, Actor.COMMAND, COMMAND_ROLES),
)

H = HazardStatus
HAZARD_TRANSITIONS = (
    step("rectify", "整改完成", {H.OPEN}, H.RECTIFIED, Actor.RECTIFIER, ANY_STAFF),
    step("recheck_pass", "复查销号", {H.RECTIFIED}, H.CLOSED, Actor.CHECKER, ANY_STAFF),
    step("recheck_fail", "复查不合格，退回整改", {H.RECTIFIED}, H.OPEN, Actor.CHECKER, ANY_STAFF),
)

OPEN_INCIDENT = frozenset({S.REPORTED, S.ACTIVE})
