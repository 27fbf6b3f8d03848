"""A small county plan for tests: a command group, two work groups with members, an incident type
(寺庙火灾) with Ⅰ–Ⅳ thresholds, steps and a report chain; put in force."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone

from huajie.orgs.models import RoleCode, Unit, User
from huajie.orgs.tests.factories import County, make_county, make_unit, make_user

from ..models import (
    GradeCriterion,
    GroupKind,
    Incident,
    Plan,
    PlanGroup,
    PlanIncidentType,
    PlanMember,
    PlanReportRule,
    PlanStep,
    PlanVersion,
    Position,
    ReportKind,
)
from ..services import incidents as svc
from ..services import plans as plan_svc


@dataclass
class World:
    c: County
    emergency_unit: Unit
    commander: User
    duty: User
    fire_leader: User
    fire_member: User
    medic: User
    plan: Plan
    version: PlanVersion
    fire: PlanIncidentType


def make_world() -> World:
    c = make_county()
    em = make_unit("清河县应急管理局", parent=c.county)
    commander = make_user(em, RoleCode.COMMANDER)
    duty = make_user(c.office, RoleCode.DUTY_OFFICER)
    fire_leader = make_user(em, RoleCode.HANDLER)
    fire_member = make_user(c.dept, RoleCode.HANDLER)
    medic = make_user(c.other_dept, RoleCode.HANDLER)
    plan = plan_svc.plan_create(
        unit=em, area_unit=c.county, name="清河县寺庙火灾事故应急预案",
        header={"issuing_organ": "清河县人民政府办公室", "scope_text": "本县行政区域内寺庙",
                "principles": "以人为本，快速反应", "command_name": "县寺庙火灾事故应急指挥部",
                "effective_on": date(2026, 1, 1), "drills_per_year": 2},
        acting_user=commander,
    )  # fmt: skip
    version = plan.versions.get()
    command = PlanGroup.objects.create(
        version=version,
        kind=GroupKind.COMMAND,
        name="指挥部",
        duties="统一指挥",
        ack_minutes=5,
        arrive_minutes=30,
    )
    scene = PlanGroup.objects.create(
        version=version,
        kind=GroupKind.WORK,
        name="现场处置组",
        duties="灭火救援，疏散群众",
        ack_minutes=10,
        arrive_minutes=30,
        order=1,
    )
    medical = PlanGroup.objects.create(version=version, kind=GroupKind.WORK, name="医疗救护组",
                                       duties="救治伤员", ack_minutes=10, arrive_minutes=45,
                                       order=2)  # fmt: skip
    PlanMember.objects.create(group=command, user=commander, position=Position.LEADER)
    PlanMember.objects.create(group=scene, user=fire_leader, position=Position.LEADER)
    PlanMember.objects.create(group=scene, user=fire_member, position=Position.MEMBER)
    PlanMember.objects.create(group=medical, user=medic, position=Position.LEADER)
    fire = PlanIncidentType.objects.create(version=version, name="寺庙火灾")
    for grade, deaths, injured, text in (
        (1, 30, 100, "死亡30人以上"),
        (2, 10, 50, "死亡10人以上"),
        (3, 3, 10, "死亡3人以上"),
        (4, 1, 1, "有人员伤亡"),
    ):
        GradeCriterion.objects.create(incident_type=fire, grade=grade, deaths_min=deaths,
                                      injured_min=injured, text=text)  # fmt: skip
    PlanStep.objects.create(
        incident_type=fire, order=1, action="切断电源、疏散香客", group=scene, minutes=20
    )
    PlanStep.objects.create(incident_type=fire, order=2, action="请求市消防支队增援",
                            group=command, minutes=40, lowest_grade=2)  # fmt: skip
    PlanReportRule.objects.create(
        version=version, kind=ReportKind.FIRST, minutes=60, recipient="县委办、县政府办"
    )
    PlanReportRule.objects.create(
        version=version, kind=ReportKind.CONTINUED, minutes=120, recipient="县委办、县政府办"
    )
    PlanReportRule.objects.create(version=version, kind=ReportKind.FINAL, minutes=1440,
                                  recipient="市应急管理局")  # fmt: skip
    plan_svc.version_put_in_force(version=version, acting_user=commander)
    version.refresh_from_db()
    return World(c, em, commander, duty, fire_leader, fire_member, medic, plan, version, fire)


def report_incident(
    w: World, *, received_at: datetime | None = None, injured: int = 2, **more: object
) -> Incident:
    data = svc.IncidentInput(
        incident_type=w.fire, title="石门寺大殿起火", place="石门乡石门寺大殿",
        description="大殿香炉引燃帷幔，火势向偏殿蔓延，现场香客约40人。",
        received_at=received_at or timezone.now() - timedelta(minutes=1), people_count=40,
        injured=injured, **more,  # type: ignore[arg-type]
    )  # fmt: skip
    return svc.incident_register(data=data, acting_user=w.duty)
