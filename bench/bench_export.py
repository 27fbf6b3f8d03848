"""Ledger export to .xlsx: 100,000 cases through GET /imports/export.xlsx in under 30 seconds, in
constant memory.

Usage: python bench/bench_export.py [--n 100000] [--repeats 3] [--json bench/results/export.json]

Builds a throwaway SQLite database in a temporary directory (migrations, one county, N cases
bulk-created with an open handling clock each, so the "next due date" column costs what it costs
in life), then runs the export view N times, each in a fresh process so its peak RSS is its own:
the whole ledger, and a filtered tenth of it (same process size if memory does not grow with the
rows). Reports the median time of the repeats and the peak RSS; exits non-zero above 30 s.

The database is ANALYZEd after the bulk load. Without statistics SQLite answers the ledger's
"next due date" subquery through the index clock_open_due (every open clock) instead of the
clock's petition_id, and the export turns quadratic (5,000 cases: 7.6 s instead of 0.4 s); an
index on PetitionClock (petition, stopped_on, due) removes the need (see the imports report).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 30.0
CHUNK = 5000
FIRST_DAY = date(2019, 1, 1)
SPAN_DAYS = 6 * 365
CONTENT = (
    "小区东门外的道路自去年起反复开挖，施工围挡长期占用人行道，雨天积水严重，老人孩子出行不便。"
    "多次向街道和施工单位反映均无结果，请求有关部门督促施工单位限期完工、恢复路面，并在施工期间"
    "设置安全通道和警示标志。"
)


def django_setup(database: Path) -> None:
    os.environ.update(
        DATABASE_URL=f"sqlite:///{database}",
        DJANGO_SETTINGS_MODULE="config.settings.dev",
        DEBUG="0",
        LOG_LEVEL="ERROR",
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def build(database: Path, n: int) -> None:
    """Migrate and bulk-create `n` minimal valid cases (no services: this is a bench)."""
    django_setup(database)
    from django.core.management import call_command
    from django.db import connection, transaction

    from huajie.orgs import services as orgs
    from huajie.orgs.models import Role, User
    from huajie.petitions.models import Petition, PetitionClass, PetitionClock

    call_command("migrate", verbosity=0)
    county = orgs.unit_create(
        name="清河县人民政府", code="QHX", kind="government", parent=None, acting_user=None
    )
    office = orgs.unit_create(
        name="清河县信访局", code="QHX-XFJ", kind="petition_office", parent=county, acting_user=None
    )
    dept = orgs.unit_create(
        name="清河县住建局", code="QHX-ZJJ", kind="department", parent=county, acting_user=None
    )
    leader = User.objects.create_user(username="leader", password=None, full_name="县信访局领导")
    leader.unit = office
    leader.save(update_fields=["unit"])
    leader.roles.set(Role.objects.filter(code__in=["clerk", "leader"]))
    channels = ["visit", "letter", "phone", "online"]
    classes = [PetitionClass.COMPLAINT, PetitionClass.SUGGESTION]  # accusations are restricted
    statuses = ["registered", "accepted", "assigned", "handling", "replied", "closed"]
    with transaction.atomic():
        for start in range(0, n, CHUNK):
            rows = []
            for i in range(start, min(n, start + CHUNK)):
                received = FIRST_DAY + timedelta(days=i % SPAN_DAYS)
                status = statuses[i % len(statuses)]
                rows.append(
                    Petition(
                        unit=office,
                        reg_no=f"QHX-XFJ-{received.year}-{i + 1:06d}",
                        reg_year=received.year,
                        reg_seq=i + 1,
                        query_code=f"B{i:09d}",
                        channel=channels[i % len(channels)],
                        petition_class=classes[i % len(classes)],
                        title=f"道路施工长期占道影响出行（第{i + 1}件）",
                        content=CONTENT,
                        received_on=received,
                        registered_by=leader,
                        status=status,
                        handling_unit=dept if status != "registered" else None,
                        accepted_on=received if status != "registered" else None,
                    )
                )
            created = Petition.objects.bulk_create(rows)
            PetitionClock.objects.bulk_create(
                PetitionClock(
                    petition=p,
                    kind="handling",
                    rule_code="petition.handling",
                    rule_days=60,
                    rule_kind="calendar",
                    rule_source="《信访工作条例》第三十四条",
                    rule_start_event="accepted",
                    calendar_version="bench",
                    start=p.received_on,
                    running_since=p.received_on,
                    due=p.received_on + timedelta(days=60),
                )
                for p in created
            )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # what any database gets after a bulk load (see the docstring)


def export_once(database: Path, query: str) -> dict[str, object]:
    """One export through the view, in this (fresh) process: time, size, rows, peak RSS."""
    django_setup(database)
    from django.test import RequestFactory

    from huajie.imports.views import export
    from huajie.orgs.models import User

    user = User.objects.get(username="leader")
    baseline_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    request = RequestFactory().get(f"/imports/export.xlsx?{query}")
    request.user = user
    started, cpu_started = time.perf_counter(), time.process_time()
    response = export(request)
    size = 0
    with tempfile.TemporaryFile() as sink:
        for chunk in response.streaming_content:  # type: ignore[attr-defined]
            size += len(chunk)
            sink.write(chunk)
        seconds = time.perf_counter() - started
        cpu_seconds = time.process_time() - cpu_started
        response.close()
        sink.seek(0)
        rows = count_rows(sink)
    return {
        "seconds": round(seconds, 3),
        "cpu_seconds": round(cpu_seconds, 3),
        "bytes": size,
        "rows": rows,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "rss_before_export_mb": round(baseline_kb / 1024, 1),
    }


def count_rows(stream: object) -> int:
    import openpyxl

    workbook = openpyxl.load_workbook(stream, read_only=True)  # type: ignore[arg-type]
    try:
        return sum(1 for _row in workbook.worksheets[0].iter_rows(values_only=True)) - 1
    finally:
        workbook.close()


def child(database: Path, query: str) -> dict[str, object]:
    done = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, __file__, "--child", str(database), "--query", query],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def machine() -> dict[str, object]:
    uname = platform.uname()
    return {
        "processor": platform.processor() or uname.machine,
        "uname": f"{uname.system} {uname.release} {uname.machine}",
        "cpu_count": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
        "database": "SQLite (temporary file)",
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--build", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--query", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build:
        build(args.build, args.n)
        return 0
    if args.child:
        print(json.dumps(export_once(args.child, args.query)))
        return 0

    with tempfile.TemporaryDirectory(prefix="huajie-export-bench-") as tmp:
        database = Path(tmp) / "bench.sqlite3"
        started = time.perf_counter()
        done = subprocess.run(  # noqa: S603 - our own interpreter and script
            [sys.executable, __file__, "--build", str(database), "--n", str(args.n)],
            cwd=ROOT,
            check=False,
        )
        if done.returncode != 0:
            return done.returncode
        build_seconds = time.perf_counter() - started
        full = [child(database, "") for _ in range(args.repeats)]
        tenth_to = FIRST_DAY + timedelta(days=SPAN_DAYS // 10 - 1)
        tenth = child(database, f"date_from={FIRST_DAY}&date_to={tenth_to}")

    median = statistics.median(float(str(run["seconds"])) for run in full)
    result = {
        "benchmark": "ledger export to .xlsx through GET /imports/export.xlsx",
        "cases": args.n,
        "rows_exported": full[0]["rows"],
        "repeats": args.repeats,
        "median_seconds": round(median, 3),
        "runs_seconds": [run["seconds"] for run in full],
        "runs_cpu_seconds": [run["cpu_seconds"] for run in full],
        "rows_per_second": round(args.n / median),
        "file_mb": round(int(str(full[0]["bytes"])) / 1024 / 1024, 1),
        "peak_rss_mb": max(float(str(run["peak_rss_mb"])) for run in full),
        "rss_before_export_mb": full[0]["rss_before_export_mb"],
        "tenth_filtered": tenth,
        "target_seconds": TARGET_SECONDS,
        "passed": median < TARGET_SECONDS,
        "build_seconds": round(build_seconds, 1),
        "machine": machine(),
        "measured_on": date.today().isoformat(),  # noqa: DTZ011 - a label only
    }
    text = json.dumps(result, ensure_ascii=False, indent=2)
    print(text)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(text + "\n", encoding="utf-8")
    return 0 if result["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
