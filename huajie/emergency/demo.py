"""Demo data for the emergency module: two county plans in force (a group visit at the county
petition bureau, a fire at the scenic 石门寺), a group visit just reported and waiting for the
commander, an exercise fire under way with a late acknowledgement, hazards in every state (one
overdue for rectification, one 重大 under 挂牌督办), and drills (the fire plan's overdue)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from huajie.orgs.models import Role, RoleCode, Unit, User

from .models import (
    Drill,
    GradeCriterion,
    GroupKind,
    Hazard,
    KeyPlace,
    Plan,
    PlanGroup,
    PlanIncidentType,
    PlanMember,
    PlanReportRule,
    PlanResource,
    PlanStep,
    PlanVersion,
    Position,
    ReportKind,
)
from .services import hazards as hz
from .services import incidents as svc
from .services import inspections as ins
from .services import plans as plan_svc

PETITION_PLAN = "清河县处置群体性上访事件应急预案"
FIRE_PLAN = "清河县石门寺景区火灾事故应急预案"

EXTRA = [  # (username, name, unit code, title)
    ("em_xfj", "周海涛", "QHX-XFJ", "信访局副局长"),
    ("em_gaj", "孙立新", "QHX-GAJ", "公安局治安大队大队长"),
    ("em_wjj", "钱慧", "QHX-WJJ", "卫健局医政股股长"),
    ("em_smx", "吴国平", "QHX-SMX", "石门乡乡长"),
    ("em_yjj", "郑晓东", "QHX-YJJ", "应急管理局副局长"),
]


def _extra_users() -> dict[str, User]:
    users = {}
    role = Role.objects.get(code=RoleCode.HANDLER)
    for username, name, code, title in EXTRA:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(
                username=username, full_name=name, title=title, unit=Unit.objects.get(code=code)
            )
            user.set_unusable_password()
            user.save()
            user.roles.set([role])
        users[username] = user
    return users


def _group(
    v: PlanVersion,
    kind: str,
    name: str,
    duties: str,
    ack: int,
    arrive: int,
    members: list[tuple[User, str, str]],
    order: int,
) -> PlanGroup:
    g = PlanGroup.objects.create(
        version=v,
        kind=kind,
        name=name,
        duties=duties,
        ack_minutes=ack,
        arrive_minutes=arrive,
        order=order,
    )
    for i, (user, position, duty) in enumerate(members):
        PlanMember.objects.create(group=g, user=user, position=position, duty=duty, order=i)
    return g


def _grades(t: PlanIncidentType, rows: list[tuple[int, int | None, int | None, str]]) -> None:
    for grade, people, deaths, text in rows:
        GradeCriterion.objects.create(
            incident_type=t, grade=grade, people_min=people, deaths_min=deaths, text=text
        )


def _reports(v: PlanVersion, to: str) -> None:
    PlanReportRule.objects.create(
        version=v,
        kind=ReportKind.FIRST,
        minutes=60,
        recipient=to,
        note="紧急情况可先电话报告，随后书面报告",
    )
    PlanReportRule.objects.create(version=v, kind=ReportKind.CONTINUED, minutes=120, recipient=to)
    PlanReportRule.objects.create(version=v, kind=ReportKind.FINAL, minutes=1440, recipient=to)


def _petition_plan(u: dict[str, User], x: dict[str, User], units: dict[str, Unit]) -> Plan:
    plan = plan_svc.plan_create(
        unit=units["QHX-XFJ"],
        area_unit=units["QHX"],
        name=PETITION_PLAN,
        acting_user=u["admin"],
        header={
            "issuing_organ": "清河县人民政府办公室",
            "purpose": "为及时、有序、依法处置到县信访局等场所的群体性上访事件，维护信访秩序，"
            "依据《信访工作条例》《中华人民共和国突发事件应对法》，制定本预案。",
            "scope_text": "本预案适用于本县行政区域内5人以上到县信访局、县委县政府机关集体上访，"
            "以及在公共场所聚集反映诉求的事件。",
            "principles": "属地管理、分级负责；依法处置、疏导为主；教育疏导与解决问题相结合；"
            "快速反应、防止事态扩大。",
            "command_name": "县处置群体性上访事件应急指挥部",
            "office_name": "县信访局",
            "office_duties": "负责指挥部日常工作，接报后立即报告指挥长，通知各工作组，汇总信息。",
            "aftercare": "对群众合理诉求，责任单位限期办理并答复；"
            "处置中形成的诉求按信访程序登记办理。",
            "drills_per_year": 1,
            "review_days": 7,
            "effective_on": date(2026, 3, 1),
            "review_on": date(2029, 3, 1),
        },
    )
    v = plan.versions.get()
    _group(
        v,
        GroupKind.COMMAND,
        "指挥部",
        "统一领导、指挥群体性上访事件的处置工作，决定启动和终止响应。",
        5,
        30,
        [(u["leader"], Position.LEADER, "指挥长"), (u["commander"], Position.DEPUTY, "副指挥长")],
        0,
    )
    scene = _group(
        v,
        GroupKind.WORK,
        "现场接待组",
        "在接待场所设立临时接待点，引导群众推选代表（不超过5人）反映诉求，做好登记和解释疏导。",
        10,
        20,
        [(x["em_xfj"], Position.LEADER, "组长"), (u["clerk"], Position.MEMBER, "接待登记")],
        1,
    )
    order = _group(
        v,
        GroupKind.WORK,
        "秩序维护组",
        "维护现场秩序和交通，保障接待场所正常办公，依法处置违法行为。",
        10,
        15,
        [(x["em_gaj"], Position.LEADER, "组长")],
        2,
    )
    _group(
        v,
        GroupKind.WORK,
        "综合联络调度组",
        "负责信息收集、上报和各组之间的联络协调。",
        10,
        30,
        [(u["duty"], Position.LEADER, "值班联络")],
        3,
    )
    t = PlanIncidentType.objects.create(
        version=v,
        name="到县信访局群体性上访",
        description="群众集体到县信访局或县委县政府机关反映诉求",
    )
    _grades(
        t,
        [
            (1, 1000, None, "参与人数1000人以上，或造成人员死亡"),
            (2, 300, None, "参与人数300人以上不足1000人"),
            (3, 100, None, "参与人数100人以上不足300人"),
            (4, 5, None, "参与人数5人以上不足100人"),
        ],
    )
    PlanStep.objects.create(
        incident_type=t, order=1, action="开设临时接待点，引导推选代表", group=scene, minutes=20
    )
    PlanStep.objects.create(
        incident_type=t, order=2, action="维护现场秩序，保障道路畅通", group=order, minutes=20
    )
    PlanStep.objects.create(
        incident_type=t, order=3, action="责任单位负责人到场接谈", group=scene, minutes=60
    )
    PlanStep.objects.create(
        incident_type=t, order=4, action="指挥长到场指挥", minutes=60, lowest_grade=3
    )
    _reports(v, "县委办公室、县政府办公室、市信访局")
    plan_svc.version_put_in_force(version=v, acting_user=u["admin"])
    return plan


def _fire_plan(u: dict[str, User], x: dict[str, User], units: dict[str, Unit]) -> Plan:
    plan = plan_svc.plan_create(
        unit=units["QHX-YJJ"],
        area_unit=units["QHX"],
        name=FIRE_PLAN,
        acting_user=u["admin"],
        header={
            "issuing_organ": "清河县人民政府办公室",
            "purpose": "为有效预防和处置石门寺景区火灾事故，保护游客、香客和文物安全，"
            "依据《中华人民共和国消防法》《中华人民共和国突发事件应对法》，制定本预案。",
            "scope_text": "本预案适用于石门寺及其周边景区范围内发生的火灾事故。",
            "principles": "以人为本、生命至上；预防为主、防消结合；统一指挥、快速反应。",
            "command_name": "县石门寺景区火灾事故应急指挥部",
            "office_name": "县应急管理局",
            "aftercare": "做好受伤人员救治和善后工作，组织文物损失评估和修缮，查明起火原因。",
            "drills_per_year": 2,
            "review_days": 10,
            "effective_on": date(2025, 6, 1),
            "review_on": date(2028, 6, 1),
        },
    )
    v = plan.versions.get()
    _group(
        v,
        GroupKind.COMMAND,
        "指挥部",
        "统一指挥火灾扑救和人员疏散，决定启动、调整和终止响应。",
        5,
        40,
        [(u["commander"], Position.LEADER, "指挥长"), (x["em_yjj"], Position.DEPUTY, "副指挥长")],
        0,
    )
    scene = _group(
        v,
        GroupKind.WORK,
        "现场处置组",
        "切断电源、疏散香客游客、转移文物，配合消防救援队伍灭火。",
        10,
        30,
        [(x["em_smx"], Position.LEADER, "组长"), (u["handler"], Position.MEMBER, "疏散引导")],
        1,
    )
    medical = _group(
        v,
        GroupKind.WORK,
        "医疗救护组",
        "设立临时救护点，救治转运伤员。",
        10,
        45,
        [(x["em_wjj"], Position.LEADER, "组长")],
        2,
    )
    _group(
        v,
        GroupKind.WORK,
        "后勤保障组",
        "调集应急物资和车辆，保障通信。",
        15,
        60,
        [(x["em_gaj"], Position.LEADER, "组长")],
        3,
    )
    t = PlanIncidentType.objects.create(
        version=v, name="寺庙火灾", description="寺庙殿堂、僧舍及周边林地发生的火灾"
    )
    _grades(
        t,
        [
            (1, None, 30, "死亡30人以上，或重要文物建筑烧毁"),
            (2, None, 10, "死亡10人以上不足30人"),
            (3, None, 3, "死亡3人以上不足10人"),
            (4, 1, None, "殿堂起火，有人员被困或受伤"),
        ],
    )
    PlanStep.objects.create(
        incident_type=t, order=1, action="切断电源，疏散殿内香客游客", group=scene, minutes=15
    )
    PlanStep.objects.create(
        incident_type=t, order=2, action="转移可移动文物至山门外", group=scene, minutes=30
    )
    PlanStep.objects.create(
        incident_type=t, order=3, action="设立临时救护点", group=medical, minutes=45
    )
    PlanStep.objects.create(
        incident_type=t, order=4, action="请求市消防救援支队增援", minutes=30, lowest_grade=3
    )
    _reports(v, "县委总值班室、县政府总值班室、市应急管理局")
    PlanResource.objects.create(
        version=v,
        name="推车式干粉灭火器",
        quantity="12具",
        location="石门寺大殿东侧消防柜",
        keeper="石门寺管委会",
    )
    PlanResource.objects.create(
        version=v,
        name="手抬机动消防泵",
        quantity="2台",
        location="石门乡政府应急物资库",
        keeper=f"{x['em_smx']}",
    )
    plan_svc.version_put_in_force(version=v, acting_user=u["admin"])
    return plan


def _incidents(u: dict[str, User], petition: Plan, fire: Plan) -> None:
    now = timezone.now()
    fire_type = fire.versions.get(status="in_force").types.get()
    svc.incident_register(
        data=svc.IncidentInput(
            incident_type=fire_type,
            title="石门寺偏殿火灾（演练）",
            place="石门乡石门寺观音殿",
            description="观音殿供灯引燃帷幔，火势向偏殿蔓延，殿内香客约30人，1名香客轻微烧伤。",
            received_at=now - timedelta(minutes=25),
            source="duty",
            people_count=30,
            injured=1,
            is_exercise=True,
        ),
        acting_user=u["duty"],
    )
    incident = fire_type.version.incidents.get()
    svc.incident_activate(incident=incident, grade=4, acting_user=u["commander"])
    handler = incident.responders.get(user=u["handler"])
    svc.responder_ack(responder=handler, acting_user=u["handler"])  # 25 min after 接报: late
    svc.log_add(
        incident=incident,
        kind="decision",
        text="封闭山门，停止游客进入，消防车由北侧通道进场。",
        acting_user=u["commander"],
    )
    petition_type = petition.versions.get(status="in_force").types.get()
    svc.incident_register(
        data=svc.IncidentInput(
            incident_type=petition_type,
            title="某小区业主到县信访局集体反映延期交房",
            place="县信访局来访接待大厅",
            received_at=now - timedelta(minutes=8),
            source="duty",
            description="约60名业主到县信访局反映小区延期交房、要求开发商退还购房款，"
            "现场情绪较激动，接待大厅已满。",
            people_count=60,
        ),
        acting_user=u["clerk"] if u["clerk"].has_role(RoleCode.DUTY_OFFICER) else u["duty"],
    )


def _hazards(u: dict[str, User], x: dict[str, User], units: dict[str, Unit], today: date) -> None:
    temple = KeyPlace.objects.create(
        unit=units["QHX-YJJ"],
        name="石门寺",
        address="石门乡石门村",
        checklist="安全出口、疏散通道畅通\n消防器材完好有效\n电气线路无私拉乱接\n香烛燃放区与可燃物隔离",
    )
    hall = KeyPlace.objects.create(
        unit=units["QHX-YJJ"],
        name="县信访局来访接待大厅",
        address="县城人民路18号",
        checklist="安全出口畅通\n消防器材完好\n应急照明正常",
    )
    _inspection_plans(u, temple, hall, today)
    rows = [
        ("电气线路无私拉乱接", "偏殿私拉电线为功德箱照明供电", "general", 10, x["em_smx"], {}),
        ("消防器材完好有效", "大殿东侧3具灭火器压力不足", "general", 7, u["handler"], {}),
        (
            "香烛燃放区与可燃物隔离",
            "大殿前香炉距木质廊柱不足2米，香客密集时易引燃",
            "major",
            30,
            x["em_smx"],
            {
                "measures": "香炉外移至广场并设防火隔离带",
                "funds": "乡财政安排3万元",
                "contingency": "整改完成前每日安排专人值守，配备灭火器4具",
                "supervisor_unit": units["QHX"],
            },
        ),
        ("安全出口、疏散通道畅通", "后门疏散通道堆放杂物", "general", 5, u["handler"], {}),
    ]
    made = []
    for item, text, level, days, who, more in rows:
        made.append(
            hz.hazard_create(
                place=temple,
                acting_user=u["commander"],
                data=hz.HazardInput(
                    item=item,
                    description=text,
                    level=level,
                    deadline=today + timedelta(days=days),
                    responsible=who,
                    **more,  # type: ignore[arg-type]
                ),
            )
        )
    Hazard.objects.filter(pk=made[0].pk).update(deadline=today - timedelta(days=6))  # overdue
    hz.hazard_rectify(hazard=made[1], note="已更换3具灭火器", acting_user=u["handler"])
    hz.hazard_rectify(hazard=made[3], note="杂物已清理，通道畅通", acting_user=u["handler"])
    hz.hazard_recheck(
        hazard=made[3], passed=True, note="现场复查，通道畅通", acting_user=u["commander"]
    )


def _inspection_plans(u: dict[str, User], temple: KeyPlace, hall: KeyPlace, today: date) -> None:
    """A weekly check held last week (this week's due), a monthly one missed last month, a
    quarterly one held this quarter."""
    plans = [
        (temple, "消防通道和安全出口", "安全出口、疏散通道畅通\n应急照明正常", "weekly", 7),
        (temple, "电气线路", "电气线路无私拉乱接\n配电箱完好上锁", "monthly", 40),
        (hall, "接待大厅消防安全", hall.checklist, "quarterly", 0),
    ]
    for place, name, checklist, frequency, held_days_ago in plans:
        plan = ins.inspection_plan_save(
            acting_user=u["commander"],
            data=ins.InspectionPlanInput(
                place=place, name=name, checklist=checklist, frequency=frequency,
                starts_on=today - timedelta(days=90), inspector=u["commander"],
            ),
        )  # fmt: skip
        ins.inspection_record(
            place=place, plan=plan, inspected_on=today - timedelta(days=held_days_ago),
            results=dict.fromkeys(plan.items, True), failures={}, note="逐项检查，未发现隐患",
            acting_user=u["commander"],
        )  # fmt: skip


def _drills(u: dict[str, User], petition: Plan, fire: Plan, today: date) -> None:
    Drill.objects.create(
        unit=fire.unit,
        plan=fire,
        kind="live",
        planned_on=today - timedelta(days=240),
        held_on=today - timedelta(days=240),
        participants=46,
        scenario="石门寺大殿香烛引燃帷幔，疏散香客并扑救初起火灾",
        evaluation="疏散用时6分钟，达到要求；消防泵启动慢，需加强操作培训。",
        created_by=u["commander"],
    )
    Drill.objects.create(
        unit=petition.unit,
        plan=petition,
        kind="tabletop",
        planned_on=today + timedelta(days=20),
        scenario="80名群众到县信访局集体反映拆迁补偿问题",
        created_by=u["commander"],
    )


def seed(stdout: Any) -> None:
    names = ("commander", "duty", "leader", "clerk", "handler", "admin")
    u = {n: User.objects.filter(username=n).first() for n in names}
    units = {x.code: x for x in Unit.objects.filter(code__in=("QHX", "QHX-XFJ", "QHX-YJJ"))}
    if any(v is None for v in u.values()) or len(units) < 3:
        return
    if Plan.objects.filter(name__in=(PETITION_PLAN, FIRE_PLAN)).exists():
        return
    users: dict[str, User] = {k: v for k, v in u.items() if v is not None}
    today = timezone.localdate()
    with transaction.atomic():
        x = _extra_users()
        petition = _petition_plan(users, x, units)
        fire = _fire_plan(users, x, units)
        _incidents(users, petition, fire)
        _hazards(users, x, units, today)
        _drills(users, petition, fire, today)
    stdout.write(
        "  应急：2 部现行预案、1 起响应中的演练事件、1 起待启动事件、隐患和演练记录已生成。"
    )
