"""Duty benchmarks at the issue's scale (issue 12, item 14), on fixed 2026 dates:

- the county's report matrix, 300 units x 70 days (2026-01-05 -> 2026-03-15, across the Spring
  Festival / Two Sessions special period with its twice-daily days): the selector and the HTML page;
- a year's roster (2026) for 300 units generated from their rotations;
- the report reminders for 300 units at a cut-off (every unit unfiled: 300 x 3 notices).

    python bench/bench_duty.py --name duty-sqlite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/duty_bench \
        python bench/bench_duty.py --name duty-pg

Without DATABASE_URL it uses a fresh SQLite file in /tmp (deleted first). Units, people and the
filed reports are written in bulk (not the services: the figures are of the matrix, the
generation and the reminders); rotations and patterns go through the services.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
os.environ.setdefault("DEBUG", "0")  # no query log: it quotes every parameter of every statement
SQLITE = Path("/tmp/huajie-duty-bench.sqlite3")  # noqa: S108 - a throwaway benchmark database
if "DATABASE_URL" not in os.environ:
    SQLITE.unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{SQLITE}"

import django  # noqa: E402

django.setup()

from common import machine, summarize, write_json  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402

from huajie.deadlines import cutoffs_between  # noqa: E402
from huajie.duty import selectors  # noqa: E402
from huajie.duty.models import (  # noqa: E402
    DailyReport,
    DutyPost,
    DutyRole,
    DutySlot,
    ReportDays,
    ReportKind,
    ShiftKind,
)
from huajie.duty.services import generation, reminders, roster  # noqa: E402
from huajie.duty.services import reports as report_services  # noqa: E402
from huajie.notices.models import Notice  # noqa: E402
from huajie.orgs import services as org_services  # noqa: E402
from huajie.orgs.holidays import working_calendar  # noqa: E402
from huajie.orgs.models import Role, RoleCode, Unit, UnitKind, User  # noqa: E402

ZONE = ZoneInfo("Asia/Shanghai")
UNITS = int(os.environ.get("BENCH_DUTY_UNITS", "300"))
FIRST, LAST = date(2026, 1, 5), date(2026, 3, 15)  # 70 days
YEAR = 2026


def _people(unit: Unit, prefix: str, role: Role, n: int) -> list[User]:
    users = User.objects.bulk_create(
        [
            User(
                username=f"{prefix}-{unit.pk}-{i}",
                full_name=f"{prefix}{i}",
                unit=unit,
                phone=f"139{unit.pk:05d}{i:03d}",
                password="!",  # noqa: S106 - unusable
            )  # fmt: skip
            for i in range(n)
        ]
    )
    User.roles.through.objects.bulk_create(
        [User.roles.through(user_id=u.pk, role_id=role.pk) for u in users]
    )
    return users


def fill() -> dict[str, Any]:
    admin = User.objects.create_superuser("bench-admin", password="bench-Passw0rd!")  # noqa: S106
    county = org_services.unit_create(
        name="基准县人民政府", code="B", kind=UnitKind.GOVERNMENT, parent=None, acting_user=None
    )
    admin.unit = county
    admin.save(update_fields=["unit"])
    officer_role = Role.objects.get(code=RoleCode.DUTY_OFFICER)
    leader_role = Role.objects.get(code=RoleCode.LEADER)
    units = []
    for i in range(UNITS):
        unit = org_services.unit_create(
            name=f"基准第{i + 1}单位", code=f"B-{i:03d}", kind=UnitKind.TOWN, parent=county,
            acting_user=None,
        )  # fmt: skip
        units.append(unit)
    DutyPost.objects.bulk_create([DutyPost(unit=u, duty_phone=f"0731-{u.pk:04d}") for u in units])
    staff = {
        u.pk: (_people(u, "officer", officer_role, 3), _people(u, "leader", leader_role, 2))
        for u in units
    }
    report_services.period_create(
        unit=county, name="春节及全国两会特护期", starts_on=date(2026, 1, 12),
        ends_on=date(2026, 3, 20), report_times=["17:00"], report_days=ReportDays.EVERY_DAY,
        acting_user=admin,
    )  # fmt: skip
    report_services.period_create(
        unit=county, name="全国两会会期", starts_on=date(2026, 3, 4), ends_on=date(2026, 3, 11),
        report_times=["09:30", "17:30"], report_days=ReportDays.EVERY_DAY, acting_user=admin,
    )  # fmt: skip
    definition = report_services.definition_create(
        unit=county, name="每日信息报送", times=["17:00"], days=ReportDays.WORKING_DAYS,
        units=units, acting_user=admin,
    )  # fmt: skip
    rng = random.Random(12)  # noqa: S311 - synthetic data
    periods = list(selectors.SpecialPeriod.objects.all())
    cutoffs = cutoffs_between(
        working_calendar(), report_services.plan_for(definition, periods), FIRST, LAST
    )
    rows = []
    for unit in units:
        filer = staff[unit.pk][0][0]
        for c in cutoffs:
            dice = rng.random()
            if dice < 0.05:
                continue  # missing
            late = dice > 0.93
            filed = (
                c.at + timedelta(minutes=rng.randint(5, 90))
                if late
                else c.at - timedelta(minutes=rng.randint(10, 300))
            )
            rows.append(DailyReport(
                definition=definition, unit=unit, day=c.day, cutoff_at=c.at,
                rule_code=c.rule_code, kind=ReportKind.ZERO if dice < 0.8 else ReportKind.REPORT,
                content="今日无情况" if dice < 0.8 else "辖区内一起邻里纠纷已调解。",
                filed_at=filed, filed_by=filer,
                minutes_late=int((filed - c.at).total_seconds() // 60) + 1 if late else 0,
            ))  # fmt: skip
    DailyReport.objects.bulk_create(rows, batch_size=2000)
    pattern_rotations = []
    for unit in units:
        pattern = roster.pattern_create(
            unit=unit, name="24小时班", kind=ShiftKind.FULL_DAY, acting_user=admin
        )
        officers, leaders = staff[unit.pk]
        rotations = [
            roster.rotation_create(unit=unit, name="值班人员", pattern=pattern,
                                   role=DutyRole.OFFICER, members=officers,
                                   anchor=date(YEAR, 1, 1), acting_user=admin),
            roster.rotation_create(unit=unit, name="带班领导", pattern=pattern,
                                   role=DutyRole.LEADER, members=leaders,
                                   anchor=date(YEAR, 1, 1), acting_user=admin),
        ]  # fmt: skip
        pattern_rotations.append((unit, rotations))
    return {"admin": admin, "definition": definition, "rotations": pattern_rotations,
            "reports": len(rows)}  # fmt: skip


def measure(fn: Any, repeats: int) -> dict[str, Any]:
    """Wall-clock figures, and the median CPU time of this process (Python and SQLite, which
    runs in-process): on a shared machine with more runnable processes than cores, the wall
    clock also counts the time spent waiting for a core."""
    fn()
    samples, cpu = [], []
    for _ in range(repeats):
        began, began_cpu = time.perf_counter(), time.process_time()
        fn()
        samples.append((time.perf_counter() - began) * 1000)
        cpu.append((time.process_time() - began_cpu) * 1000)
    return {**summarize(samples), "cpu_median_ms": round(statistics.median(cpu), 2)}


def generate_year(admin: User, rotations: list[tuple[Unit, list[Any]]]) -> dict[str, Any]:
    """Each unit's twelve months of 2026, one call per unit (what a unit's roster keeper does
    with 按年生成); then 2027 for all 300 units in one call."""
    began, began_cpu = time.perf_counter(), time.process_time()
    placed = 0
    for unit, rots in rotations:
        placed += generation.roster_generate_months(
            unit=unit, months=[date(YEAR, m, 1) for m in range(1, 13)], rotations=rots,
            acting_user=admin,
        )  # fmt: skip
    per_unit, per_unit_cpu = time.perf_counter() - began, time.process_time() - began_cpu
    slots = DutySlot.objects.count()
    began, began_cpu = time.perf_counter(), time.process_time()
    placed_one = generation.rosters_generate(
        jobs=rotations, months=[date(YEAR + 1, m, 1) for m in range(1, 13)], acting_user=admin
    )
    one_call, one_call_cpu = time.perf_counter() - began, time.process_time() - began_cpu
    return {
        "n": 1,
        "seconds_one_call_per_unit": round(per_unit, 2),
        "cpu_seconds_one_call_per_unit": round(per_unit_cpu, 2),
        "seconds_all_units_one_call": round(one_call, 2),
        "cpu_seconds_all_units_one_call": round(one_call_cpu, 2),
        "slots_per_year": slots,
        "assignments_per_year": placed,
        "assignments_one_call": placed_one,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--name", help="write bench/results/<name>.json")
    parser.add_argument("--note", default="shared machine: 2 cores, seven agents at once")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    began = time.perf_counter()
    data = fill()
    fill_s = round(time.perf_counter() - began, 1)
    admin, definition = data["admin"], data["definition"]
    figures: dict[str, Any] = {}
    at = datetime.combine(date(2026, 3, 16), dtime(12), tzinfo=ZONE)
    figures["matrix.selector"] = measure(
        lambda: selectors.report_matrix(
            user=admin, definition=definition, first=FIRST, last=LAST, at=at
        ),
        args.repeats,
    )
    client = Client()
    client.force_login(admin)
    url = f"/duty/reports/matrix/?definition={definition.pk}&first={FIRST}&last={LAST}"

    def page() -> None:
        response = client.get(url)
        if response.status_code != 200 or b'data-testid="report-matrix"' not in response.content:
            raise RuntimeError(f"GET {url} answered {response.status_code}")

    figures["matrix.http"] = measure(page, args.repeats)
    figures["roster.year_300_units"] = generate_year(admin, data["rotations"])
    cutoff = datetime.combine(date(2026, 3, 17), dtime(17), tzinfo=ZONE)
    samples, cpu = [], []
    for moment in (cutoff - timedelta(minutes=59), cutoff, cutoff + timedelta(minutes=31)):
        t0, c0 = time.perf_counter(), time.process_time()
        with transaction.atomic():
            reminders.reports_remind(now=moment)
        samples.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    figures["reminders.300_units"] = {
        "n": 3, "seconds_each": [round(s, 2) for s in samples],
        "cpu_seconds_each": [round(s, 2) for s in cpu],
        "notices": Notice.objects.count(),
    }  # fmt: skip
    result = {
        "units": UNITS,
        "days": (LAST - FIRST).days + 1,
        "reports": data["reports"],
        "database": connection.vendor,
        "fill_seconds": fill_s,
        "machine": machine(),
        "note": args.note,
        "figures": figures,
    }
    for key, value in figures.items():
        print(key, value)
    if args.name:
        write_json(args.name, result)


if __name__ == "__main__":
    main()
