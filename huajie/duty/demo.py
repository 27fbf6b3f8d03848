"""Duty demo data for 清河县 (loaded by `manage.py seed_demo` after the county; idempotent).

The county is in a special period today; 城关镇's roster for this month is published with the demo
`duty` user (刘洋) on duty now; a week of log entries; a week of daily reports with some late and
some missing; receptions, a pending swap and a pending leave request.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from huajie.common.errors import ApplicationError
from huajie.orgs.demo import DEMO_PASSWORD
from huajie.orgs.models import Role, RoleCode, Unit, User

from .models import (
    DailyReport,
    DutyAssignment,
    DutyPost,
    DutyRole,
    DutySlot,
    LogChannel,
    ReportDays,
    ReportKind,
    ShiftKind,
    SpecialPeriod,
)
from .services import generation, log, people, reports, roster, rota

PERIOD = "岁末年初及元旦特护期"
STAFF = {
    # username: (full name, unit, role, title, phone)
    "cgz-duty2": ("周敏", "QHX-CGZ", RoleCode.DUTY_OFFICER, "党政办干部", "13907310012"),
    "cgz-duty3": ("吴刚", "QHX-CGZ", RoleCode.DUTY_OFFICER, "综治办干部", "13907310013"),
    "cgz-leader": ("孙志强", "QHX-CGZ", RoleCode.LEADER, "城关镇镇长", "13907310021"),
    "cgz-leader2": ("钱红", "QHX-CGZ", RoleCode.LEADER, "城关镇党委副书记", "13907310022"),
    "smx-duty": ("石磊", "QHX-SMX", RoleCode.DUTY_OFFICER, "党政办干部", "13907310031"),
    "smx-duty2": ("田芳", "QHX-SMX", RoleCode.DUTY_OFFICER, "党政办干部", "13907310032"),
    "smx-leader": ("马超", "QHX-SMX", RoleCode.LEADER, "石门乡乡长", "13907310041"),
    "bsz-duty": ("白雪", "QHX-BSZ", RoleCode.DUTY_OFFICER, "党政办干部", "13907310051"),
    "bsz-leader": ("沙文", "QHX-BSZ", RoleCode.LEADER, "白沙镇镇长", "13907310061"),
    "qhx-duty": ("黄静", "QHX", RoleCode.DUTY_OFFICER, "县政府总值班室值班员", "13907310071"),
    "yz-leader": ("韩立新", "QHX-YZ", RoleCode.LEADER, "清河一中副校长", "13907310081"),
    "yz-leader2": ("蒋文", "QHX-YZ", RoleCode.LEADER, "清河一中政教处主任", "13907310082"),
    "yz-teacher": ("林晓", "QHX-YZ", RoleCode.DUTY_OFFICER, "高一年级教师", "13907310083"),
    "yz-teacher2": ("何平", "QHX-YZ", RoleCode.DUTY_OFFICER, "高二年级教师", "13907310084"),
    "yz-teacher3": ("宋佳", "QHX-YZ", RoleCode.DUTY_OFFICER, "高三年级教师", "13907310085"),
}
ROTA_NOTES = (
    ("校门、食堂、宿舍、消防通道巡查正常", "课间秩序良好", "教学楼卫生良好", "", ""),
    ("校门护学岗到岗，食堂留样规范", "晚自习纪律良好", "操场有少量垃圾，已通知值日班级", "", ""),
    (
        "宿舍楼消防通道畅通",
        "课间秩序良好",
        "卫生良好",
        "实验楼二楼灭火器压力不足",
        "已报总务处更换，当天下午换好",
    ),
)
CALLS = [
    (
        6,
        9,
        12,
        "call",
        "河口村村民王某",
        "",
        "反映河口村自来水停水两天，村民生活不便。",
        "已联系县自来水公司抢修，当晚恢复供水。",
        "带班领导孙志强",
        True,
    ),
    (
        5,
        14,
        40,
        "visit",
        "西街村李某等3人",
        "",
        "反映西街村道路改造施工夜间噪音扰民。",
        "已通知施工单位22时后停止作业。",
        "镇城建办",
        True,
    ),
    (
        4,
        20,
        5,
        "call",
        "",
        "县应急管理局",
        "转县气象台寒潮蓝色预警，今夜最低气温-3℃。",
        "已转发各村（社区），提醒做好防寒防冻。",
        "各村（社区）值班室",
        True,
    ),
    (
        3,
        10,
        30,
        "message",
        "东门社区网格员",
        "",
        "东门社区一居民楼外墙瓷砖脱落，已拉警戒线。",
        "已通知住建站现场查看。",
        "带班领导钱红",
        False,
    ),
    (
        2,
        16,
        20,
        "call",
        "某建筑公司农民工代表",
        "",
        "反映城关镇安置房项目拖欠12名农民工工资约18万元，请求协调支付。",
        "已告知可到镇信访办登记，并报告带班领导。",
        "带班领导孙志强",
        False,
    ),
    (
        1,
        8,
        50,
        "document",
        "",
        "县委办",
        "县委办通知：元旦期间严格落实24小时值班和领导带班制度。",
        "已传达至镇领导班子成员。",
        "镇党委书记",
        True,
    ),
    (
        0,
        9,
        14,
        "call",
        "河口村村民赵某",
        "",
        "反映河口村灌溉水渠被邻村堵塞，两村村民发生口角，约20人聚集。",
        "已通知河口村村委会和派出所到场劝解。",
        "带班领导孙志强、派出所",
        False,
    ),
]


def _user(username: str, spec: tuple[str, str, str, str, str], units: dict[str, Unit]) -> User:
    name, unit_code, role, title, phone = spec
    user = User.objects.filter(username=username).first() or User(username=username)
    user.full_name, user.title, user.unit, user.phone = name, title, units[unit_code], phone
    user.set_password(DEMO_PASSWORD)
    user.save()
    user.roles.set([Role.objects.get(code=role)])
    return user


def seed(stdout: Any) -> None:
    if SpecialPeriod.objects.filter(name=PERIOD).exists():
        return
    units = {u.code: u for u in Unit.objects.filter(code__startswith="QHX")}
    if "QHX-CGZ" not in units or not User.objects.filter(username="duty").exists():
        return
    with transaction.atomic():
        _seed(units)
    stdout.write("值班演示数据已生成：特护期、本月值班表、一周值班记录和信息报送。")


def _seed(units: dict[str, Unit]) -> None:
    staff = {name: _user(name, spec, units) for name, spec in STAFF.items()}
    duty, leader, admin = (User.objects.get(username=n) for n in ("duty", "leader", "admin"))
    duty.phone = duty.phone or "13907310011"
    duty.save(update_fields=["phone"])
    # The town's duty room also registers petitions (乡镇信访): the petitions form asks for the
    # clerk role, so the demo duty officer can turn a logged call into a petition.
    duty.roles.add(Role.objects.get(code=RoleCode.CLERK))
    for unit in units.values():
        if unit.kind in ("government", "town", "department", "petition_office"):
            DutyPost.objects.get_or_create(
                unit=unit, defaults={"duty_phone": unit.phone or f"0731-8866 {unit.pk:04d}"}
            )
    county = units["QHX"]
    today = timezone.localdate()
    period = reports.period_create(
        unit=county,
        name=PERIOD,
        starts_on=today - timedelta(days=7),
        ends_on=today + timedelta(days=30),
        report_times=["17:00"],
        report_days=ReportDays.EVERY_DAY,
        officers_per_slot=2,
        leader=leader,
        notes="每日17:00前报送（节假日、周末照常），零报告也要报；每班2名值班人员；领导干部离开本地须经县领导小组组长书面批准。",
        acting_user=admin,
    )
    towns = [units[c] for c in ("QHX-CGZ", "QHX-SMX", "QHX-BSZ")]
    depts = [
        u
        for c, u in sorted(units.items())
        if u.parent_id == county.pk and u.kind in ("department", "petition_office")
    ]
    daily = reports.definition_create(
        unit=county,
        name="每日信息报送",
        times=["17:00"],
        days=ReportDays.WORKING_DAYS,
        units=[*towns, *depts],
        source="清河县值班值守工作制度：每个工作日17:00前报送，特护期内每日报送",
        starts_on=today - timedelta(days=7),
        acting_user=admin,
    )
    month = today.replace(day=1)
    _roster(
        units["QHX-CGZ"],
        month,
        [duty, staff["cgz-duty2"], staff["cgz-duty3"]],
        [staff["cgz-leader"], staff["cgz-leader2"]],
        duty,
        admin,
    )
    _roster(
        units["QHX-SMX"],
        month,
        [staff["smx-duty"], staff["smx-duty2"]],
        [staff["smx-leader"]],
        None,
        admin,
    )
    _roster(
        units["QHX-BSZ"], month, [staff["bsz-duty"]], [staff["bsz-leader"]], None, admin
    )  # one officer: gaps
    _roster(
        county,
        month,
        [staff["qhx-duty"], User.objects.get(username="clerk")],
        [leader],
        None,
        admin,
    )
    _rota(units["QHX-YZ"], staff, month)
    _log(units["QHX-CGZ"], duty)
    _reports(daily, [*towns, *depts], today, duty, admin)
    _people(units, staff, duty, leader, admin, period)


def _roster(
    unit: Unit,
    month: date,
    officers: list[User],
    leaders: list[User],
    on_now: User | None,
    admin: User,
) -> None:
    month_roster = generation.setup_and_generate(
        unit=unit,
        month=month,
        kind="full_day",
        officers=officers,
        leaders=leaders,
        acting_user=admin,
    )
    now = timezone.now()
    slot = DutySlot.objects.filter(roster=month_roster, starts_at__lte=now, ends_at__gt=now).first()
    if (
        on_now is not None
        and slot is not None
        and not slot.assignments.filter(user=on_now).exists()
    ):
        other = slot.assignments.filter(role=DutyRole.OFFICER).exclude(user=on_now).first()
        if (
            other is not None
            and slot.assignments.filter(role=DutyRole.OFFICER).count() >= slot.officers_required
        ):
            other.delete()
        DutyAssignment.objects.filter(
            user=on_now, slot__starts_at__lt=slot.ends_at, slot__ends_at__gt=slot.starts_at
        ).delete()
        roster.slot_assign(slot=slot, user=on_now, role=DutyRole.OFFICER, acting_user=admin)
    if unit.code == "QHX-BSZ":
        DutySlot.objects.filter(
            roster=month_roster, leader_required=True, assignments__isnull=True
        ).update(leader_required=False)
    roster.roster_publish(roster=month_roster, note="按特护期要求排班", acting_user=admin)


def _rota(school: Unit, staff: dict[str, User], month: date) -> None:
    """清河一中's weekly rota (值周) for last month and this one, with the records of this week's
    and last week's school days so far."""
    DutyPost.objects.get_or_create(unit=school, defaults={"duty_phone": school.phone})
    teachers = [staff[k] for k in ("yz-teacher", "yz-teacher2", "yz-teacher3")]
    leaders = [staff["yz-leader"], staff["yz-leader2"]]
    last = (month - timedelta(days=1)).replace(day=1)
    for first in (last, month):
        r = generation.setup_and_generate(
            unit=school, month=first, kind=ShiftKind.WEEKLY, officers=teachers, leaders=leaders,
            acting_user=leaders[0],
        )  # fmt: skip
        roster.roster_publish(roster=r, note="本学期值周安排", acting_user=leaders[0])
    today = timezone.localdate()
    slots = DutySlot.objects.filter(
        unit=school, day__gte=today - timedelta(days=9), day__lt=today
    ).order_by("day")
    for i, slot in enumerate(slots):
        teacher = slot.assignments.filter(role=DutyRole.OFFICER).first()
        if teacher is None:
            continue
        safety, order, hygiene, problems, actions = ROTA_NOTES[i % len(ROTA_NOTES)]
        rota.rota_record_save(
            slot=slot, arrived=time(7, 10 + i % 3 * 5), safety=safety, order=order,
            hygiene=hygiene, problems=problems, actions=actions, acting_user=teacher.user,
        )  # fmt: skip


def _swap_for(duty: User, asker: User, unit: Unit, today: date) -> None:
    """吴刚 asks the demo duty officer to take one of his shifts next week (刘洋 to confirm)."""
    for slot in DutySlot.objects.filter(
        unit=unit, day__gte=today + timedelta(days=3), day__lte=today + timedelta(days=12),
        assignments__user=asker,
    ).order_by("day"):  # fmt: skip
        try:
            people.swap_request(
                slot=slot, counterpart=duty, reason="参加县里组织的业务培训", acting_user=asker
            )
        except ApplicationError:
            continue  # 刘洋 is on duty then too
        return


def _log(unit: Unit, duty: User) -> None:
    now = timezone.localtime()
    for ago, hh, mm, channel, who, org, content, done, told, closed in CALLS:
        received = timezone.make_aware(
            datetime.combine(now.date() - timedelta(days=ago), time(hh, mm))
        )
        if received > timezone.now():
            received = timezone.now() - timedelta(minutes=20)
        entry = log.entry_create(
            unit=unit,
            received_at=received,
            channel=LogChannel(channel),
            caller_name=who,
            caller_org=org,
            caller_phone="13807310000" if who and channel == "call" else "",
            content=content,
            action_taken=done,
            told=told,
            acting_user=duty,
        )
        if closed:
            log.entry_close(entry=entry, acting_user=duty)


def _reports(daily: Any, units: list[Unit], today: date, duty: User, admin: User) -> None:
    """A week: mostly on time (零报告 or a report), some late, some missing; today open."""
    zone = timezone.get_current_timezone()
    for back in range(7, 0, -1):
        day = today - timedelta(days=back)
        for i, unit in enumerate(units):
            score = (i * 7 + back * 3) % 13
            if score == 0:
                continue  # missing
            late = score in (4, 9)
            filed_at = datetime.combine(
                day, time(17, 10 + score * 5) if late else time(15, 2 * score), tzinfo=zone
            )
            kind = ReportKind.REPORT if score % 4 == 1 else ReportKind.ZERO
            content = (
                "辖区内发生一起邻里纠纷，已由村调委会调解，双方达成协议。"
                if kind == ReportKind.REPORT
                else ""
            )
            filer = duty if unit.code == "QHX-CGZ" else admin
            reports.report_file(
                definition=daily,
                unit=unit,
                kind=kind,
                content=content,
                acting_user=filer,
                filed_at=filed_at,
                day=day,
            )
    for i, unit in enumerate(units[1:8]):
        if timezone.localtime().hour >= 9:
            at = timezone.now() - timedelta(minutes=30 + i)
            if timezone.localtime(at).date() == today:
                reports.report_file(
                    definition=daily,
                    unit=unit,
                    kind=ReportKind.ZERO,
                    acting_user=admin,
                    filed_at=at,
                )
    assert DailyReport.objects.exists()  # noqa: S101 - the demo must show something


def _people(
    units: dict[str, Unit],
    staff: dict[str, User],
    duty: User,
    leader: User,
    admin: User,
    period: SpecialPeriod,
) -> None:
    now = timezone.now()
    today = timezone.localdate()
    for days, hh, name, title, kind, place, published in (
        (2, 9, "张建国", "副县长", "receive", "县人民来访接待中心", True),
        (5, 9, "孙志强", "城关镇镇长", "receive", "城关镇信访接待室", True),
        (8, 14, "张建国", "副县长", "visit", "石门乡桃花村村委会", False),
    ):
        start = timezone.make_aware(datetime.combine(today + timedelta(days=days), time(hh, 0)))
        people.reception_save(
            unit=units["QHX"] if name == "张建国" else units["QHX-CGZ"],
            leader=leader if name == "张建国" else staff["cgz-leader"],
            leader_name=name,
            leader_title=title,
            kind=kind,
            place=place,
            starts_at=start,
            ends_at=start + timedelta(hours=3),
            topics="群众反映的各类信访问题" if kind == "receive" else "农村土地承包、灌溉用水问题",
            how_to_book="",
            published=published,
            acting_user=admin,
        )
    # a swap waiting for 孙志强's approval: the first of cgz-duty2's shifts in the coming days
    # that cgz-duty3 is free to take (not on that shift already, not on another at the time)
    for soon in DutySlot.objects.filter(
        unit=units["QHX-CGZ"], day__gte=today + timedelta(days=2),
        day__lte=today + timedelta(days=9), assignments__user=staff["cgz-duty2"],
    ).order_by("day"):  # fmt: skip
        try:
            swap = people.swap_request(
                slot=soon,
                counterpart=staff["cgz-duty3"],
                reason="家中老人住院，需陪护",
                acting_user=staff["cgz-duty2"],
            )
        except ApplicationError:
            continue
        people.swap_accept(swap=swap, acting_user=staff["cgz-duty3"])  # 孙志强 to approve
        break
    _swap_for(duty, staff["cgz-duty3"], units["QHX-CGZ"], today)
    people.leave_request(
        starts_on=today + timedelta(days=3),
        ends_on=today + timedelta(days=4),
        reason="赴市里参加培训",
        destination_note="手机保持畅通",
        acting_user=staff["cgz-leader2"],
    )
    h = people.handover_write(
        unit=units["QHX-CGZ"],
        notes="昨夜接报3起，东门社区外墙脱落待住建站处理，农民工工资问题待镇信访办跟进。",
        incoming=duty,
        acting_user=staff["cgz-duty3"],
    )
    people.handover_accept(handover=h, acting_user=duty)
    qhx_duty = staff["qhx-duty"]
    people.spot_check_record(
        unit=units["QHX-SMX"],
        answered=True,
        answered_by="石磊",
        note="值班电话正常接听",
        at=now - timedelta(hours=20),
        acting_user=qhx_duty,
    )
    people.spot_check_record(
        unit=units["QHX-BSZ"],
        answered=False,
        note="连续拨打2次无人接听",
        at=now - timedelta(hours=19),
        acting_user=qhx_duty,
    )
