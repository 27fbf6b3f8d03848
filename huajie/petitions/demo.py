"""Demo petitions for 清河县: a dozen cases in every stage, dated relative to today, created
through the services so their clocks and timelines are real. Skipped when cases already exist.

Categories come from the shared taxonomy sheet when it is next to the repository
(../shared/data/public-messages/taxonomy_517.xlsx); otherwise the seven top-level classes.
"""

from __future__ import annotations

import os
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from huajie.deadlines.statutory import as_entry, statutory_days
from huajie.orgs.holidays import working_calendar
from huajie.orgs.models import HolidaySchedule, Region, Unit, User

from . import services as s
from .models import Category, Petition
from .services.categories import FALLBACK_TOP_LEVEL, categories_load, categories_load_file

TAXONOMY = "public-messages/taxonomy_517.xlsx"

# Only for the demo: a 60-day clock started in December runs into a year whose notice the
# chinesecalendar package may not have yet. Such a year gets the statutory days alone, entered as
# an admin would and saying what it is (visible in the admin); production never loads it.
PROVISIONAL_NOTICE = "演示用暂定安排（仅法定节日，无调休）——国务院办公厅通知发布后请管理员更正"

CASES: list[dict[str, Any]] = [
    dict(
        ago=0,
        stage="registered",
        channel="visit",
        cls="complaint",
        cat="城乡建设",
        title="城关镇东门社区3栋外墙瓷砖脱落",
        village="东门社区",
        content="东门社区3栋外墙瓷砖多处脱落，已砸坏楼下电动车，多次向物业反映无人处理，"
        "请求住建部门督促物业尽快维修，消除安全隐患。",
        who=("刘桂兰", 0),
    ),
    dict(
        ago=10,
        stage="handling",
        channel="phone",
        cls="complaint",
        cat="城乡建设",
        title="河口村自来水管网改造后水压不足",
        village="河口村",
        content="河口村今年自来水管网改造后，高处十余户白天基本没有水压，老人做饭洗衣困难，"
        "请求协调供水公司加装增压设施。",
        who=("赵德明", 1),
    ),
    dict(
        ago=72,
        stage="handling",
        channel="letter",
        cls="complaint",
        cat="城乡建设",
        title="桃花村危房改造补助未到位",
        village="桃花村",
        content="本人家庭系低保户，2025年申请农村危房改造，已按要求拆除重建，但补助资金至今"
        "未到位，请求查明原因并尽快发放。",
        who=("孙有才", 2),
    ),
    dict(
        ago=60,
        stage="assigned",
        channel="online",
        cls="suggestion",
        cat="交通运输",
        title="建议在县一中门口增设人行横道和减速带",
        village="西街村",
        content="县一中门口上下学时段车流量大，学生横穿马路十分危险，建议增设人行横道、"
        "减速带和护学岗。",
        who=("陈晓燕", 3),
    ),
    dict(
        ago=5,
        stage="handling",
        channel="visit",
        cls="complaint",
        cat="劳动和社会保障",
        title="石门矿业有限公司拖欠32名工人工资",
        village="石门村",
        content="石门矿业有限公司拖欠我们32名工人2026年6月至9月工资共计约48万元，多次讨要无果，"
        "请求政府帮助追讨。",
        who=("王建军", 4),
        group=32,
        reps=3,
    ),
    dict(
        ago=40,
        stage="closed",
        channel="phone",
        cls="complaint",
        cat="环境保护",
        title="白沙村养殖场污水直排柳溪",
        village="白沙村",
        content="白沙村某生猪养殖场夜间将污水直接排入柳溪，河水发黑发臭，请求查处。",
        who=("李春花", 5),
        satisfaction="satisfied",
    ),
    dict(
        ago=110,
        stage="closed_late",
        channel="letter",
        cls="complaint",
        cat="城乡建设",
        title="新塘村宅基地确权面积有误",
        village="新塘村",
        content="本人宅基地确权登记面积比实际少约20平方米，请求重新测量更正。",
        who=("周福生", 6),
        satisfaction="basically",
    ),
    dict(
        ago=8,
        stage="not_accepted",
        channel="visit",
        cls="complaint",
        cat="劳动和社会保障",
        title="与用人单位解除劳动合同经济补偿争议",
        village="龙潭村",
        content="本人与公司解除劳动合同，公司只同意支付一个月经济补偿，本人认为应支付三个月。",
        who=("吴丽", 7),
    ),
    dict(
        ago=3,
        stage="transferred",
        channel="email",
        cls="accusation",
        cat=None,
        title="反映某村干部违规发放补贴问题",
        village="柳溪村",
        content="反映某村干部在发放耕地地力保护补贴时优亲厚友，请求调查处理。",
        who=None,  # an anonymous e-mail: no name, no contact (匿名)
        to="QHX-JW",
    ),
    dict(
        ago=50,
        stage="under_review",
        channel="letter",
        cls="complaint",
        cat="城乡建设",
        title="对老旧小区改造加装电梯答复不服",
        village="东门社区",
        content="对住建局关于加装电梯费用分摊的答复不服，认为低楼层住户不应承担费用。",
        who=("郑国强", 8),
    ),
    dict(
        ago=150,
        stage="archived",
        channel="higher",
        cls="suggestion",
        cat="教育文体",
        title="建议延长县图书馆周末开放时间",
        village="西街村",
        content="市信访局交办：群众建议县图书馆周末开放至晚上九点，方便学生自习。",
        who=("黄小梅", 9),
        ref=("云信交〔2026〕15号", 152),
    ),
]


# One valid ID number per demo petitioner: the same number is always the same person.
DEMO_IDS = [
    "11010519491231002X",
    "110101199003070134",
    "420102198506121014",
    "440304199511053038",
    "439901197503151018",  # not the portal demo's 何美华 (110101198001010010)
    "110102197512010022",
    "430102196203151032",
    "439901197008222026",
    "43990119881109104X",
    "439901199312262064",
]


def seed(stdout: Any) -> None:
    provisional_years()
    _categories(stdout)
    office = Unit.objects.filter(code="QHX-XFJ").first()
    if office is None or Petition.objects.filter(unit=office).exists():
        return
    for case in CASES:
        _case(case, office)
    stdout.write(f"演示信访事项 {len(CASES)} 件已登记。")


def provisional_years() -> None:
    """This year and next, where neither the package nor an admin has a schedule: their
    statutory days, saying what they are (the demo; the e2e fixtures)."""
    covered = set(working_calendar().years)
    this_year = timezone.localdate().year
    for year in (this_year, this_year + 1):
        if year not in covered:
            HolidaySchedule.objects.create(
                year=year, notice=PROVISIONAL_NOTICE, holidays=as_entry(statutory_days(year))
            )


def _categories(stdout: Any) -> None:
    if Category.objects.exists():
        return
    shared = Path(
        os.environ.get("HUAJIE_SHARED_DATA", settings.BASE_DIR.parent / "shared" / "data")
    )
    sheet = shared / TAXONOMY
    if sheet.exists():
        created = categories_load_file(path=sheet)
        stdout.write(f"已从 {sheet} 载入问题分类 {created} 个。")
    else:
        categories_load(triples=[(name,) for name in FALLBACK_TOP_LEVEL])


@transaction.atomic
def _case(case: dict[str, Any], office: Unit) -> None:
    users = {
        u.username: u for u in User.objects.filter(username__in=["clerk", "handler", "leader"])
    }
    clerk, handler, leader = users["clerk"], users["handler"], users["leader"]
    today = timezone.localdate()
    received = today - timedelta(days=case["ago"])
    petitioners = []
    if case["who"] is not None:
        name, slot = case["who"]
        petitioners.append(
            s.PetitionerInput(
                name=name,
                id_number=DEMO_IDS[slot],
                phone=f"1390731{1000 + slot * 37:04d}",
                is_representative=bool(case.get("reps")),
            )
        )
    for i in range(1, case.get("reps", 0)):
        petitioners.append(s.PetitionerInput(name=f"工人代表{i}", is_representative=True))
    ref = case.get("ref")
    data = s.RegistrationInput(
        channel=case["channel"],
        petition_class=case["cls"],
        title=case["title"],
        content=case["content"],
        received_on=received,
        petitioners=petitioners,
        is_group=bool(case.get("group")),
        headcount=case.get("group", 1),
        category=Category.objects.filter(name=case["cat"], level=1).first()
        if case["cat"]
        else None,
        anonymous=case["who"] is None,
        region=Region.objects.filter(level="village", name=case["village"]).first(),
        higher_ref_no=ref[0] if ref else "",
        higher_source="云州市信访局" if ref else "",
        higher_ref_date=today - timedelta(days=ref[1]) if ref else None,
    )
    p = s.petition_register(unit=office, data=data, acting_user=clerk)
    _advance(p, case, received, clerk, handler, leader)
    # Registered on the day it came in, so the clerk's "registered today" counts today's only
    # (the timeline keeps the real time of seeding: it is append-only).
    at = timezone.make_aware(datetime.combine(received, time(9, 30)))
    Petition.objects.filter(pk=p.pk).update(created_at=at)


def _advance(
    p: Petition, case: dict[str, Any], received: date, clerk: User, handler: User, leader: User
) -> None:
    stage = case["stage"]
    if stage == "registered":
        return
    if stage == "not_accepted":
        s.petition_not_accept(
            petition=p,
            acting_user=clerk,
            expected_version=p.version,
            reason="属劳动争议，依法应申请劳动人事争议仲裁",
            proper_channel="labor_arbitration",
            on=received,
        )
        return
    if stage == "transferred":
        s.petition_transfer(
            petition=p,
            acting_user=clerk,
            expected_version=p.version,
            to_unit=Unit.objects.get(code=case["to"]),
            on=received,
        )
        return
    accepted = received + timedelta(days=2 if case["ago"] >= 2 else 0)
    s.petition_accept(petition=p, acting_user=clerk, expected_version=p.version, on=accepted)
    s.petition_assign(
        petition=p,
        acting_user=clerk,
        expected_version=p.version,
        handling_unit=Unit.objects.get(code="QHX-ZJJ"),
        responsible_leader=leader,
        handler=handler,
        on=accepted,
    )
    if stage == "assigned":
        return
    s.petition_start_handling(
        petition=p, acting_user=handler, expected_version=p.version, on=accepted
    )
    s.petition_add_note(
        petition=p,
        acting_user=handler,
        expected_version=p.version,
        kind="note",
        text="已电话联系信访人，约定现场核查时间。",
    )
    if stage == "handling":
        return
    replied = accepted + timedelta(days=66 if stage == "closed_late" else 20)
    s.petition_reply(
        petition=p,
        acting_user=handler,
        expected_version=p.version,
        request=case["title"],
        facts="经现场核查，反映情况基本属实。",
        reasons="依据相关规定，责成责任单位限期整改。",
        decision="support",
        legal_basis="《信访工作条例》第三十二条",
        on=replied,
    )
    if stage == "under_review":
        s.petition_request_review(
            petition=p,
            acting_user=clerk,
            expected_version=p.version,
            reason="对答复意见不服",
            reviewing_unit=Unit.objects.get(code="QHX"),
            on=replied + timedelta(days=10),
        )
        return
    s.petition_evaluate(
        petition=p,
        acting_user=clerk,
        expected_version=p.version,
        satisfaction=case.get("satisfaction", "satisfied"),
        on=replied,
    )
    s.petition_close(petition=p, acting_user=clerk, expected_version=p.version, on=replied)
    if stage == "archived":
        s.petition_return_visit(
            petition=p,
            acting_user=clerk,
            expected_version=p.version,
            method="phone",
            note="信访人表示问题已解决。",
            satisfaction="satisfied",
            on=replied + timedelta(days=7),
        )
        s.petition_archive(
            petition=p,
            acting_user=clerk,
            expected_version=p.version,
            on=replied + timedelta(days=40),
        )
