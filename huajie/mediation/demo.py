"""Demo disputes for 清河县, through the services on dates relative to today, so their clocks and
timelines are real: the demo `mediator` (城关镇人民调解委员会) has disputes at every stage — one
waiting to be accepted, one near its one-month limit, one overdue, an agreement waiting for
signatures, agreements being performed (a term due, a return visit due, the confirmation window
open), a failure, a referral, one settled on the spot, one archived, one escalated from 河口村 —
plus screening schedules of every committee of three towns with missed and late rounds and a
monthly analysis meeting. Village mediators (`hk-mediator`, `xj-mediator`) and the other towns'
(`smx-mediator`, `bsz-mediator`) have disputes of their own, so every state of the table is
there (declined, performed, not performed too). Skipped when the committee already has
disputes."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from huajie.orgs.demo import DEMO_PASSWORD
from huajie.orgs.models import Role, RoleCode, Unit, User

from . import services as s
from .models import (
    Dispute,
    DisputeType,
    PartyKind,
    Procedure,
    ScreeningRound,
    ScreeningSchedule,
    Side,
    Source,
)
from .services import DisputeInput, PartyInput
from .services.screening import meeting_record, periods_until

COMMITTEE = "QHX-CGZ-TJW"
VILLAGES = ("QHX-CGZ-01", "QHX-CGZ-02", "QHX-CGZ-03")
# Mediators of the village committees and of the other towns' committees (password as every
# demo login): each has disputes of their own, so the town sees more than one committee.
MEDIATORS = {
    "hk-mediator": ("何永福", "QHX-CGZ-03", "河口村人民调解委员会主任"),
    "xj-mediator": ("谢春花", "QHX-CGZ-02", "西街村人民调解委员会调解员"),
    "smx-mediator": ("石丽娟", "QHX-SMX-TJW", "石门乡人民调解委员会调解员"),
    "bsz-mediator": ("白国庆", "QHX-BSZ-TJW", "白沙镇人民调解委员会调解员"),
}


def _type(name: str) -> DisputeType:
    return DisputeType.objects.get(name=name)


def _parties(
    a: str, b: str, *, phone: str = "", org: bool = False, where: str = "城关镇"
) -> list[PartyInput]:
    respondent = (
        PartyInput(Side.RESPONDENT, b, kind=PartyKind.ORGANISATION, org_code="91439901MA4L2X7Q3K",
                   address=where, representative="罗建平", representative_title="理事长")
        if org
        else PartyInput(Side.RESPONDENT, b, address=where, gender="male",
                        birth_date=date(1971, 8, 15), ethnicity="汉族", occupation="农民")
    )  # fmt: skip
    applicant = PartyInput(Side.APPLICANT, a, phone=phone, address=where, gender="female",
                           birth_date=date(1968, 5, 2), ethnicity="汉族",
                           occupation="农民")  # fmt: skip
    return [applicant, respondent]


def _mediator(username: str, units: dict[str, Unit]) -> User | None:
    name, code, title = MEDIATORS[username]
    if code not in units:
        return None
    user = User.objects.filter(username=username).first() or User(username=username)
    user.full_name, user.title, user.unit = name, title, units[code]
    user.set_password(DEMO_PASSWORD)
    user.save()
    user.roles.set([Role.objects.get(code=RoleCode.MEDIATOR)])
    return user


def _register(unit: Unit, user: User, day: date, title: str, kind: str, cls: int,
              summary: str, parties: list[PartyInput], **kw: Any) -> Dispute:  # fmt: skip
    return s.dispute_register(
        data=DisputeInput(
            title=title, summary=summary, dispute_type=_type(kind), dispute_class=cls,
            source=kw.pop("source", Source.WALK_IN), procedure=kw.pop("procedure", Procedure.FULL),
            received_on=day, parties=parties, unit=unit, place=kw.pop("place", ""), **kw,
        ),
        acting_user=user,
    )  # fmt: skip


def _accept(d: Dispute, user: User, day: date) -> None:
    s.dispute_accept(dispute=d, acting_user=user, expected_version=d.version, on=day)


def _session(d: Dispute, user: User, day: date, outcome: str) -> None:
    s.session_record(
        dispute=d, acting_user=user, expected_version=d.version, held_on=day,
        place="城关镇人民调解委员会调解室", attendees="双方当事人及村（社区）干部",
        statements="申请方陈述了纠纷经过和请求；被申请方陈述了意见，同意在调解员主持下协商。",
        outcome=outcome,
    )  # fmt: skip


def _agree(
    d: Dispute, user: User, day: date, terms: str, items: str, *, oral: bool = False
) -> None:
    s.dispute_agree(
        dispute=d, acting_user=user, expected_version=d.version,
        form="oral" if oral else "written",
        facts="" if oral else d.summary, issues="" if oral else d.title,
        responsibilities="" if oral else "被申请方负主要责任，申请方负次要责任。",
        terms=terms, items=items, performance_method="" if oral else "当面交付，调解员见证。",
        on=day,
    )  # fmt: skip


def seed(stdout: Any) -> None:
    committee = Unit.objects.filter(code=COMMITTEE).first()
    mediator = User.objects.filter(username="mediator").first()
    admin = User.objects.filter(username="admin").first()
    if committee is None or mediator is None or admin is None:
        return
    if Dispute.objects.filter(unit=committee).exists():
        return
    with transaction.atomic():
        today = timezone.localdate()
        units = {u.code: u for u in Unit.objects.filter(code__startswith="QHX")}
        people = {n: u for n in MEDIATORS if (u := _mediator(n, units)) is not None}
        village = people.get("hk-mediator") or admin
        _screening(today, {
            COMMITTEE: mediator, "QHX-CGZ": village, "QHX-CGZ-02": people.get("xj-mediator", admin),
            "QHX-SMX": people.get("smx-mediator", admin),
            "QHX-BSZ": people.get("bsz-mediator", admin),
        })  # fmt: skip
        disputes = _disputes(committee, mediator, village, today)
        disputes += _villages(units, people, today)
        disputes += _other_towns(units, people, today)
        meeting_record(
            unit=committee, acting_user=mediator, held_on=today - timedelta(days=20),
            chair="黄志强（镇党委副书记）", attendees="陈秀英、马丽及各村调委会主任",
            discussion="本月排查纠纷12件，其中邻里纠纷5件、土地承包3件；刘、周两家宅基地纠纷"
            "涉及多户，有激化可能，需镇调委会提级调处。",
            decisions="1. 宅基地纠纷由镇调委会牵头，一周内组织现场丈量（陈秀英）；"
            "2. 欠薪纠纷请劳动监察提前介入（镇劳动保障所）。",
            disputes=disputes[:3],
        )  # fmt: skip
    stdout.write(f"  调解：{len(disputes)} 件演示纠纷、排查计划和研判例会已生成。")
    for username, (name, _, title) in MEDIATORS.items():
        if username in people:
            stdout.write(f"  {username:<13}{name}（{title}）")


SCREENED = (COMMITTEE, *VILLAGES, "QHX-SMX-TJW", "QHX-SMX-01", "QHX-SMX-02", "QHX-SMX-03",
            "QHX-BSZ-TJW", "QHX-BSZ-01", "QHX-BSZ-02", "QHX-BSZ-03")  # fmt: skip
MISSED = {"QHX-CGZ-02": 7, "QHX-SMX-03": 14}  # missed their rounds of the last n days
LATE = {"QHX-CGZ-03": 3, "QHX-BSZ-01": 5}  # reported this period two days late


def _screening(today: date, reporters: dict[str, User]) -> None:
    start = today - timedelta(days=today.weekday() + 56)  # a Monday eight weeks ago
    units = {u.code: u for u in Unit.objects.filter(code__in=SCREENED)}
    for code, unit in units.items():
        every = 14 if code.endswith("TJW") else 7
        schedule, _ = ScreeningSchedule.objects.get_or_create(
            unit=unit, defaults={"every_days": every, "starts_on": start}
        )
        reporter = reporters.get(code) or reporters[code[:7]]
        for n, period in enumerate(periods_until(schedule, today, last=9)):
            if period.end >= today:
                continue  # the current period is still open
            if code in MISSED and period.end >= today - timedelta(days=MISSED[code]):
                continue  # missed: visible to the town
            late = LATE.get(code) == n
            none = n % 3 != 0
            ScreeningRound.objects.get_or_create(
                unit=unit, period_start=period.start,
                defaults={
                    "period_end": period.end,
                    "reported_on": period.end + timedelta(days=2 if late else 0),
                    "reported_by": reporter,
                    "none_found": none,
                    "findings": "" if none else "排查发现邻里、土地类纠纷苗头各1起，已登记。",
                },
            )  # fmt: skip


def _disputes(committee: Unit, m: User, admin: User, today: date) -> list[Dispute]:
    ago = lambda n: today - timedelta(days=n)  # noqa: E731
    out = []
    d = _register(
        committee,
        m,
        ago(0),
        "东门社区楼上漏水致楼下天花板受损",
        "物业纠纷",
        3,
        "楼上卫生间漏水，楼下天花板发霉脱落，双方就维修费用分担争执。",
        _parties("刘桂兰", "何建军", phone="13907311234"),
        place="东门社区3栋",
    )
    out.append(d)  # registered: waiting to be accepted
    d = _register(
        committee,
        m,
        ago(28),
        "周、刘两家宅基地边界纠纷",
        "宅基地",
        1,
        "两家新建房屋时对原界桩位置各执一词，涉及相邻三户，曾发生推搡。",
        _parties("周德旺", "刘长青"),
        class_reason="涉及多户，有激化可能",
        source=Source.SCREENING,
        place="河口村五组",
        risk_note="建房施工在即，双方均表示不让步，施工时可能再起冲突。",
    )
    _accept(d, m, ago(27))
    _session(d, m, ago(20), "双方同意由镇国土所现场丈量后再调。")
    out.append(d)  # mediating, due in 3 days
    d = _register(
        committee,
        m,
        ago(40),
        "包工头拖欠六名农民工工资",
        "拖欠工资",
        2,
        "石门村六名村民在城关镇某工地务工，包工头拖欠工资共计四万二千元。",
        _parties("石建华", "罗某（包工头）"),
        source=Source.PETITION_OFFICE,
        source_note="县信访局转来",
    )
    _accept(d, m, ago(36))
    _session(d, m, ago(30), "包工头承认欠款，称需待总包方结算后支付。")
    out.append(d)  # overdue
    d = _register(
        committee,
        m,
        ago(15),
        "交通事故赔偿纠纷",
        "交通事故",
        2,
        "电动车与三轮车相撞，一人轻伤，交警认定同等责任，双方就赔偿数额协商不成。",
        _parties("彭小军", "陶大春"),
        source=Source.POLICE,
        source_note="城关交警中队移送",
    )
    _accept(d, m, ago(14))
    _session(d, m, ago(3), "双方同意按医药费、误工费各半承担。")
    _agree(
        d,
        m,
        ago(2),
        "陶大春赔偿彭小军医药费、误工费共计4600元。",
        f"陶大春支付赔偿款4600元 {ago(-10).isoformat()}",
    )
    out.append(d)  # written agreement waiting for signatures
    d = _register(
        committee,
        m,
        ago(30),
        "相邻通道堆放柴草阻碍通行",
        "相邻通行",
        3,
        "李家在共用通道堆放柴草，张家农用车无法通行，双方多次争吵。",
        _parties("张大山", "李小河", phone="13812345678"),
        source=Source.SCREENING,
    )
    _accept(d, m, ago(29))
    _session(d, m, ago(22), "双方同意签订协议。")
    _agree(
        d,
        m,
        ago(21),
        "李小河三日内清除通道柴草，今后不在通道堆放杂物。",
        f"李小河清除通道柴草 {ago(18).isoformat()}\n李小河修复损坏的排水沟 {ago(-2).isoformat()}",
    )
    s.dispute_sign(dispute=d, acting_user=m, expected_version=d.version, on=ago(20))
    s.term_done(dispute=d, acting_user=m, expected_version=d.version, item=1, on=ago(17))
    out.append(d)  # performing: a term due in 2 days, confirmation window 10 days left
    d = _register(
        committee,
        m,
        ago(35),
        "土地承包经营权流转租金纠纷",
        "土地承包",
        1,
        "二十余户村民与合作社就土地流转租金标准发生争议，涉及面广。",
        _parties("村民代表吴海林", "清河县绿源农业专业合作社", org=True),
        class_reason="涉及二十余户",
        source=Source.HIGHER,
        source_note="镇党委交办",
    )
    _accept(d, m, ago(34))
    _session(d, m, ago(28), "合作社同意按每亩每年650元支付，并补足上年差额。")
    _agree(
        d,
        m,
        ago(27),
        "合作社按每亩每年650元支付租金，补足上年差额。",
        f"合作社补足上年租金差额 {ago(-30).isoformat()}",
    )
    s.dispute_sign(dispute=d, acting_user=m, expected_version=d.version, on=ago(26))
    out.append(d)  # class 1: return visit due in 4 days
    d = _register(
        committee,
        m,
        ago(80),
        "家禽损坏菜地赔偿纠纷",
        "邻里其他",
        3,
        "邻居家鸡鸭多次进入菜地毁坏蔬菜。",
        _parties("钟秀兰", "钟国平"),
    )
    _accept(d, m, ago(79))
    _session(d, m, ago(78), "双方口头约定圈养家禽并赔偿菜苗。")
    _agree(d, m, ago(78), "钟国平圈养家禽，赔偿菜苗款200元。", "", oral=True)
    s.dispute_perform(dispute=d, acting_user=m, expected_version=d.version, on=ago(75))
    s.visit_record(
        dispute=d,
        acting_user=m,
        expected_version=d.version,
        visited_on=ago(40),
        method="home",
        performance="performed",
        satisfaction="satisfied",
        note="双方关系已缓和。",
    )
    s.dispute_archive(dispute=d, acting_user=m, expected_version=d.version, on=ago(39))
    out.append(d)  # archived
    d = _register(
        committee,
        m,
        ago(25),
        "婚后彩礼返还纠纷",
        "婚姻关系",
        2,
        "双方登记结婚一年后分居，男方要求返还彩礼。",
        _parties("孟某", "韩某"),
    )
    _accept(d, m, ago(24))
    _session(d, m, ago(18), "女方拒绝返还，双方分歧较大。")
    s.dispute_fail(
        dispute=d,
        acting_user=m,
        expected_version=d.version,
        reasons=["no_agreement", "withdrew"],
        route="court",
        route_note="已告知可向城关人民法庭起诉。",
        on=ago(17),
    )
    out.append(d)  # failed
    d = _register(
        committee,
        m,
        ago(6),
        "酒后斗殴致一人受伤",
        "损害赔偿",
        2,
        "村民酒后发生斗殴，一方头部受伤住院。",
        _parties("田某", "邓某"),
    )
    s.dispute_refer(
        dispute=d,
        acting_user=m,
        expected_version=d.version,
        to="police",
        reason="涉嫌故意伤害，属治安案件，移送城关派出所处理。",
        on=ago(6),
    )
    out.append(d)  # referred
    d = _register(
        committee,
        m,
        ago(1),
        "摊位占道争执",
        "邻里其他",
        3,
        "两户商贩因摊位位置争执。",
        _parties("蒋某", "沈某"),
        procedure=Procedure.SIMPLE,
        outcome="当场协商：按市场管理划线各自摆放。",
    )
    out.append(d)  # settled on the spot
    village = Unit.objects.get(code="QHX-CGZ-03")
    d = _register(
        village,
        admin,
        ago(12),
        "河口村山林界址纠纷",
        "山林权属",
        2,
        "两组村民对山林界址认识不一，村调委会调解未果。",
        _parties("河口村三组", "河口村五组"),
        source=Source.SCREENING,
    )
    _accept(d, admin, ago(12))
    s.dispute_escalate(
        dispute=d,
        acting_user=admin,
        expected_version=d.version,
        level="town",
        reason="涉及两个村民小组，村调委会调解未果，提请镇调委会调处。",
        to_unit=committee,
    )
    out.append(d)  # escalated from the village
    return out  # fmt: skip


def _performed(d: Dispute, user: User, day: date, terms: str, item: str, *, visit: bool) -> None:
    s.dispute_accept(dispute=d, acting_user=user, expected_version=d.version, on=day)
    _session(d, user, day + timedelta(days=2), "双方同意签订书面协议。")
    _agree(d, user, day + timedelta(days=3), terms, f"{item} {day + timedelta(days=10)}")
    s.dispute_sign(dispute=d, acting_user=user, expected_version=d.version,
                   on=day + timedelta(days=4))  # fmt: skip
    s.dispute_perform(dispute=d, acting_user=user, expected_version=d.version,
                      on=day + timedelta(days=9))  # fmt: skip
    if visit:
        s.visit_record(dispute=d, acting_user=user, expected_version=d.version,
                       visited_on=day + timedelta(days=20), method="phone",
                       performance="performed", satisfaction="basic",
                       note="双方对履行情况表示认可。")  # fmt: skip


def _villages(units: dict[str, Unit], people: dict[str, User], today: date) -> list[Dispute]:
    """The village committees' own disputes: 小事不出村."""
    ago = lambda n: today - timedelta(days=n)  # noqa: E731
    out: list[Dispute] = []
    xj = people.get("xj-mediator")
    if xj is not None:
        d = _register(units["QHX-CGZ-02"], xj, ago(9), "承包地界桩被移动纠纷", "土地承包", 3,
                      "两户承包地相邻，一方翻耕时移动界桩。",
                      _parties("谢大勇", "谢二勇", where="西街村"),
                      source=Source.SCREENING)  # fmt: skip
        s.dispute_decline(dispute=d, acting_user=xj, expected_version=d.version,
                          reason="双方已就同一事项向人民法院起诉，法院已立案。", route="court",
                          route_note="已告知当事人等待法院审理。", on=ago(8))  # fmt: skip
        out.append(d)  # declined: a court has it
        d = _register(units["QHX-CGZ-02"], xj, ago(45), "宠物狗咬伤邻居赔偿纠纷", "损害赔偿", 3,
                      "邻居家犬只咬伤路过村民小腿，双方就医药费赔偿争执。",
                      _parties("胡秀梅", "马国强", where="西街村"))  # fmt: skip
        _performed(d, xj, ago(44), "马国强赔偿胡秀梅医药费、误工费共计1200元。",
                   "马国强支付赔偿款1200元", visit=True)  # fmt: skip
        out.append(d)  # performed and visited back
    hk = people.get("hk-mediator")
    if hk is not None:
        d = _register(units["QHX-CGZ-03"], hk, ago(3), "灌溉用水先后顺序争执", "邻里其他", 3,
                      "两组村民就水渠放水先后顺序争执。",
                      _parties("何大明", "何小明", where="河口村"),
                      source=Source.SCREENING)  # fmt: skip
        s.dispute_accept(dispute=d, acting_user=hk, expected_version=d.version, on=ago(3))
        out.append(d)  # accepted by the village committee
    return out


def _other_towns(units: dict[str, Unit], people: dict[str, User], today: date) -> list[Dispute]:
    """石门乡 and 白沙镇: their committees' own work, so the county sees several towns."""
    ago = lambda n: today - timedelta(days=n)  # noqa: E731
    out: list[Dispute] = []
    smx = people.get("smx-mediator")
    if smx is not None:
        unit = units["QHX-SMX-TJW"]
        d = _register(unit, smx, ago(50), "矿区运输车辆损坏村道赔偿纠纷", "损害赔偿", 2,
                      "矿区运输车辆长期碾压村道致路面损坏，村民要求修复。",
                      _parties("石门村村民代表石长发", "清河县石门矿业有限公司", org=True,
                               where="石门乡"), source=Source.PETITION_OFFICE,
                      source_note="县信访局转来")  # fmt: skip
        s.dispute_accept(dispute=d, acting_user=smx, expected_version=d.version, on=ago(49))
        _session(d, smx, ago(45), "公司同意出资修复村道。")
        _agree(d, smx, ago(44), "公司出资三万元修复村道，今后限载通行。",
               f"公司支付修复费用三万元 {ago(30).isoformat()}")  # fmt: skip
        s.dispute_sign(dispute=d, acting_user=smx, expected_version=d.version, on=ago(43))
        s.dispute_urge(dispute=d, acting_user=smx, expected_version=d.version,
                       note="电话督促公司负责人，答复资金审批中，一周内支付。")  # fmt: skip
        s.dispute_not_perform(dispute=d, acting_user=smx, expected_version=d.version,
                              route_note="期限届满公司仍未支付，已告知村民可向人民法院起诉。",
                              on=ago(20))  # fmt: skip
        out.append(d)  # not performed: the parties are told they may sue
        d = _register(unit, smx, ago(10), "桃花村山林边界纠纷", "山林权属", 2,
                      "两户对祖山边界认识不一。", _parties("桃德兴", "桃德旺", where="桃花村"),
                      source=Source.SCREENING)  # fmt: skip
        s.dispute_accept(dispute=d, acting_user=smx, expected_version=d.version, on=ago(9))
        _session(d, smx, ago(4), "约定下周请林业站现场勘界。")
        out.append(d)  # mediating
    bsz = people.get("bsz-mediator")
    if bsz is not None:
        unit = units["QHX-BSZ-TJW"]
        d = _register(unit, bsz, ago(2), "鱼塘承包到期返还纠纷", "土地承包", 2,
                      "鱼塘承包合同到期，承包人要求补偿投入后再返还。",
                      _parties("白沙村经济合作社", "柳志刚", where="白沙镇"))  # fmt: skip
        out.append(d)  # waiting to be accepted
        d = _register(unit, bsz, ago(60), "装修噪音扰民纠纷", "噪音排水", 3,
                      "楼上装修长期噪音，楼下老人无法休息。",
                      _parties("新塘村村民柳大娘", "邻居沙某", where="新塘村"))  # fmt: skip
        _performed(d, bsz, ago(59), "沙某每日12时至14时、18时后停止施工。", "沙某调整施工时间",
                   visit=True)  # fmt: skip
        s.dispute_archive(dispute=d, acting_user=bsz, expected_version=d.version, on=ago(30))
        out.append(d)  # archived after its return visit
    return out
