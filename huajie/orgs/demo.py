"""The demo county: 清河县 (fictional, with statistical-code-shaped region codes), its towns,
villages, departments and one user per role. Loaded by `manage.py seed_demo`; idempotent."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from . import services
from .models import (
    MemberPosition,
    Region,
    RegionLevel,
    Role,
    RoleCode,
    Unit,
    UnitKind,
    User,
    WorkGroup,
    WorkGroupKind,
    WorkGroupMember,
)

DEMO_PASSWORD = "Huajie@2026"  # noqa: S105 - published demo password, printed by `make run`

PROVINCE = ("430000000000", "湖南省")
CITY = ("439900000000", "云州市")
COUNTY = ("439901000000", "清河县")
TOWNS = {
    "CGZ": ("439901001000", "城关镇", ["东门社区", "西街村", "河口村"]),
    "SMX": ("439901002000", "石门乡", ["石门村", "桃花村", "龙潭村"]),
    "BSZ": ("439901003000", "白沙镇", ["白沙村", "新塘村", "柳溪村"]),
}
DEPARTMENTS = [
    ("XFJ", "清河县信访局", UnitKind.PETITION_OFFICE, "0731-8860 1234"),
    ("GAJ", "清河县公安局", UnitKind.DEPARTMENT, "0731-8860 1110"),
    ("RSJ", "清河县人力资源和社会保障局", UnitKind.DEPARTMENT, "0731-8860 2333"),
    ("ZJJ", "清河县住房和城乡建设局", UnitKind.DEPARTMENT, "0731-8860 3456"),
    ("ZRZYJ", "清河县自然资源局", UnitKind.DEPARTMENT, "0731-8860 4567"),
    ("SFJ", "清河县司法局", UnitKind.DEPARTMENT, "0731-8860 5678"),
    ("JYJ", "清河县教育局", UnitKind.DEPARTMENT, "0731-8860 6789"),
    ("WJJ", "清河县卫生健康局", UnitKind.DEPARTMENT, "0731-8860 7890"),
    ("MZJ", "清河县民政局", UnitKind.DEPARTMENT, "0731-8860 8901"),
    ("NYJ", "清河县农业农村局", UnitKind.DEPARTMENT, "0731-8860 9012"),
    ("SJJ", "清河县市场监督管理局", UnitKind.DEPARTMENT, "0731-8861 0123"),
    ("YJJ", "清河县应急管理局", UnitKind.DEPARTMENT, "0731-8861 1234"),
    ("JW", "中共清河县纪律检查委员会（县监察委员会）", UnitKind.PARTY_COMMITTEE, "0731-8861 2345"),
]


@dataclass(frozen=True)
class DemoLogin:
    username: str
    full_name: str
    role: str
    unit_code: str
    title: str


DEMO_LOGINS = [
    DemoLogin("clerk", "王丽", RoleCode.CLERK, "QHX-XFJ", "信访局来访接待科科员"),
    DemoLogin("handler", "李强", RoleCode.HANDLER, "QHX-ZJJ", "住建局房管股股长"),
    DemoLogin("leader", "张建国", RoleCode.LEADER, "QHX", "副县长"),
    DemoLogin("mediator", "陈秀英", RoleCode.MEDIATOR, "QHX-CGZ-TJW", "人民调解员"),
    DemoLogin("duty", "刘洋", RoleCode.DUTY_OFFICER, "QHX-CGZ", "党政办值班员"),
    DemoLogin("commander", "赵军", RoleCode.COMMANDER, "QHX-YJJ", "应急管理局局长"),
    DemoLogin("admin", "系统管理员", RoleCode.ADMIN, "QHX", "信息中心"),
]


def _region(code: str, name: str, level: str, parent: Region | None) -> Region:
    region, _ = Region.objects.update_or_create(
        code=code, defaults={"name": name, "level": level, "parent": parent}
    )
    return region


def _unit(
    code: str, name: str, kind: str, parent: Unit | None, region: Region | None, phone: str = ""
) -> Unit:
    unit = Unit.objects.filter(code=code).first() or Unit(code=code)
    unit.name, unit.kind, unit.parent, unit.region, unit.phone = name, kind, parent, region, phone
    return services.unit_save(unit=unit, acting_user=None)


@transaction.atomic
def seed_demo() -> list[DemoLogin]:
    province = _region(*PROVINCE, RegionLevel.PROVINCE, None)
    city = _region(*CITY, RegionLevel.CITY, province)
    county_region = _region(*COUNTY, RegionLevel.COUNTY, city)
    county = _unit(
        "QHX", "清河县人民政府", UnitKind.GOVERNMENT, None, county_region, "0731-8860 0000"
    )
    units = {"QHX": county}
    for code, name, kind, phone in DEPARTMENTS:
        units[f"QHX-{code}"] = _unit(f"QHX-{code}", name, kind, county, county_region, phone)
    units["QHX-YZ"] = _unit(
        "QHX-YZ",
        "清河县第一中学",
        UnitKind.SCHOOL,
        units["QHX-JYJ"],
        county_region,
        "0731-8862 0001",
    )
    units["QHX-RMYY"] = _unit(
        "QHX-RMYY",
        "清河县人民医院",
        UnitKind.HOSPITAL,
        units["QHX-WJJ"],
        county_region,
        "0731-8862 0120",
    )
    units["QHX-KY"] = _unit(
        "QHX-KY",
        "清河县石门矿业有限公司",
        UnitKind.ENTERPRISE,
        county,
        county_region,
        "0731-8862 0300",
    )
    for code, (region_code, town_name, villages) in TOWNS.items():
        town_region = _region(region_code, town_name, RegionLevel.TOWN, county_region)
        town = _unit(f"QHX-{code}", f"{town_name}人民政府", UnitKind.TOWN, county, town_region)
        units[f"QHX-{code}"] = town
        units[f"QHX-{code}-TJW"] = _unit(
            f"QHX-{code}-TJW", f"{town_name}人民调解委员会", UnitKind.MEDIATION, town, town_region
        )
        for i, village in enumerate(villages, 1):
            v_region = _region(
                f"{region_code[:9]}{i:03d}", village, RegionLevel.VILLAGE, town_region
            )
            kind_name = "居民委员会" if village.endswith("社区") else "村民委员会"
            units[f"QHX-{code}-{i:02d}"] = _unit(
                f"QHX-{code}-{i:02d}", f"{village}{kind_name}", UnitKind.VILLAGE, town, v_region
            )
    users = {login.username: _user(login, units) for login in DEMO_LOGINS}
    _groups(units, users)
    return DEMO_LOGINS


def _user(login: DemoLogin, units: dict[str, Unit]) -> User:
    user = User.objects.filter(username=login.username).first() or User(username=login.username)
    user.full_name, user.title, user.unit = login.full_name, login.title, units[login.unit_code]
    user.is_staff = user.is_superuser = login.role == RoleCode.ADMIN
    user.set_password(DEMO_PASSWORD)
    user.save()
    user.roles.set([Role.objects.get(code=login.role)])
    return user


def _groups(units: dict[str, Unit], users: dict[str, User]) -> None:
    county = units["QHX"]
    leading, _ = WorkGroup.objects.update_or_create(
        unit=county,
        name="清河县信访工作联席会议（信访工作领导小组）",
        defaults={
            "kind": WorkGroupKind.LEADING_GROUP,
            "duties": "统筹全县信访工作，研究解决重大信访问题，督促落实信访事项办理时限。",
            "phone": "0731-8860 1234",
        },
    )
    WorkGroup.objects.update_or_create(
        unit=county,
        name="信访事项督查督办组",
        defaults={
            "kind": WorkGroupKind.WORK_GROUP,
            "parent": leading,
            "duties": "对超期、临期信访事项催办督办，跟踪办理结果和群众满意度。",
            "phone": "0731-8860 1235",
        },
    )
    members = [
        (MemberPosition.LEADER, "张建国", users["leader"], county, "副县长", "全面负责"),
        (MemberPosition.DEPUTY, "周敏", None, units["QHX-XFJ"], "信访局局长", "日常工作"),
        (MemberPosition.MEMBER, "吴海", None, units["QHX-ZJJ"], "住建局副局长", "住建领域"),
        (MemberPosition.MEMBER, "孙红", None, units["QHX-RSJ"], "人社局副局长", "劳动保障"),
        (MemberPosition.MEMBER, "郑伟", None, units["QHX-SFJ"], "司法局副局长", "诉访分离"),
    ]
    for order, (position, name, user, unit, post, duties) in enumerate(members, 1):
        WorkGroupMember.objects.update_or_create(
            group=leading,
            name=name,
            defaults={
                "position": position,
                "user": user,
                "unit": unit,
                "post": post,
                "duties": duties,
                "order": order,
            },
        )
    town = units["QHX-CGZ"]
    town_group, _ = WorkGroup.objects.update_or_create(
        unit=town,
        name="城关镇矛盾纠纷排查化解工作领导小组",
        defaults={
            "kind": WorkGroupKind.LEADING_GROUP,
            "duties": "村（社区）每周排查、镇每半月排查、每月召开分析研判会。",
            "phone": "0731-8863 0001",
        },
    )
    for order, (position, name, unit, post) in enumerate(
        [
            (MemberPosition.LEADER, "黄志强", town, "镇党委副书记"),
            (MemberPosition.MEMBER, "陈秀英", units["QHX-CGZ-TJW"], "人民调解员"),
            (MemberPosition.MEMBER, "马丽", units["QHX-CGZ-01"], "社区主任"),
        ],
        1,
    ):
        WorkGroupMember.objects.update_or_create(
            group=town_group,
            name=name,
            defaults={"position": position, "unit": unit, "post": post, "order": order},
        )
