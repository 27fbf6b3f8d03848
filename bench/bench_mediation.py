"""Mediation read-side benchmark at a small scale: the dispute ledger (selector page + count, and
the HTML page) and the dispute page, on a database filled with synthetic disputes.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/med_bench python bench/bench_mediation.py \
        --disputes 20000 --name mediation-pg-20k

Without DATABASE_URL it uses a throwaway SQLite file in /tmp. The rows are written with
bulk_create (not the services: this measures reads); statuses, dates, committees and the running
clocks are spread the way the demo county's are. The issue's full scale is 200,000 disputes
(`--disputes 200000 --name mediation-pg-200k`). After the fill the tables are VACUUM ANALYZEd.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/huajie-mediation-bench.sqlite3")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")

import django  # noqa: E402

django.setup()

from common import machine, summarize, write_json  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import QuerySet  # noqa: E402
from django.test import Client  # noqa: E402

from huajie.common.counting import planner_rows  # noqa: E402
from huajie.mediation import selectors  # noqa: E402
from huajie.mediation.models import (  # noqa: E402
    Dispute,
    DisputeClock,
    DisputeEvent,
    DisputeType,
    Party,
)
from huajie.mediation.selectors import DisputeFilters  # noqa: E402
from huajie.orgs.demo import seed_demo  # noqa: E402
from huajie.orgs.models import Unit, User  # noqa: E402

STATUSES = ["registered", "accepted", "mediating", "agreed", "performing", "performed",
            "failed", "declined", "referred", "settled", "archived"]  # fmt: skip
OPEN = {"accepted", "mediating"}
BATCH = 2000


def fill(n: int) -> None:
    if Dispute.objects.count() >= n:
        return
    rng = random.Random(7)  # noqa: S311 - synthetic data
    units = list(Unit.objects.filter(kind__in=["mediation", "village"]))
    types = list(DisputeType.objects.filter(parent__isnull=False))
    user = User.objects.get(username="mediator")
    today = date.today()  # noqa: DTZ011
    start = Dispute.objects.count()
    for first in range(start, n, BATCH):
        rows, parties, clocks, events = [], [], [], []
        for i in range(first, min(n, first + BATCH)):
            unit = rng.choice(units)
            status = rng.choice(STATUSES)
            received = today - timedelta(days=rng.randint(0, 700))
            d = Dispute(
                unit=unit, origin_unit=unit, level="village", reg_no=f"B-{i:07d}",
                reg_year=received.year, reg_seq=i + 1, title=f"合成纠纷{i}号 邻里通行",
                summary="合成数据：两户因通道使用发生争执。", dispute_type=rng.choice(types),
                dispute_class=rng.choice([1, 2, 3]), source="screening", procedure="full",
                received_on=received, registered_by=user, mediator=user, status=status,
                accepted_on=received if status != "registered" else None,
                next_due=received + timedelta(days=30) if status in OPEN else None,
            )  # fmt: skip
            rows.append(d)
        Dispute.objects.bulk_create(rows)
        for d in rows:
            parties += [
                Party(dispute=d, side="applicant", kind="person", name="甲", phone="13812345678"),
                Party(dispute=d, side="respondent", kind="person", name="乙"),
            ]
            events.append(DisputeEvent(dispute=d, kind="registered", actor=user, text="登记"))
            if d.status in OPEN:
                clocks.append(DisputeClock(
                    dispute=d, kind="settle", rule_code="mediation.settle", rule_days=30,
                    rule_kind="calendar", rule_source="《人民调解工作若干规定》",
                    rule_start_event="自受理之日起", calendar_version="bench",
                    start=d.received_on, running_since=d.received_on, due=d.next_due,
                ))  # fmt: skip
        with transaction.atomic():
            Party.objects.bulk_create(parties)
            DisputeClock.objects.bulk_create(clocks)
            DisputeEvent.objects.bulk_create(events)


def analyse() -> None:
    """Fresh planner statistics after the bulk load, as autovacuum keeps them in production (the
    shared test server runs with autovacuum off: unanalysed, the planner guessed a few hundred
    rows for 200,000 and chose bitmap scans that read the whole table)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in (Dispute, Party, DisputeClock, DisputeEvent, Unit):
            cursor.execute(f'VACUUM ANALYZE "{model._meta.db_table}"')


def measure(fn: Any, repeats: int) -> dict[str, Any]:
    fn()
    fn()
    samples = []
    for _ in range(repeats):
        began = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - began) * 1000)
    return summarize(samples)


LEDGERS = {
    "default": DisputeFilters(),
    "open": DisputeFilters(status="open"),
    "overdue": DisputeFilters(due="overdue"),
    "next_due": DisputeFilters(sort="next_due"),
}


def counts() -> dict[str, Any]:
    """The planner's estimate (what the ledger shows as "约 N 条" above 5,000) against the exact
    count, per user and filter."""
    out: dict[str, Any] = {}
    if connection.vendor != "postgresql":
        return out
    for who in ("mediator", "leader"):
        user = User.objects.get(username=who)
        for name, f in LEDGERS.items():
            qs = selectors.dispute_list_for_user(user=user, filters=f)
            estimate, exact = planner_rows(qs), QuerySet.count(qs)
            out[f"{who}.{name}"] = {"estimate": estimate, "exact": exact,
                                    "ratio": round(estimate / max(exact, 1), 3)}  # fmt: skip
    return out


def run(repeats: int, only: str = "") -> dict[str, Any]:
    """Every figure, or (`only`) those whose name contains the text."""
    mediator = User.objects.get(username="mediator")
    leader = User.objects.get(username="leader")
    out: dict[str, Any] = {}
    for who, user in (("mediator", mediator), ("leader", leader)):
        for name, f in LEDGERS.items():
            if only not in f"selector.{who}.{name}":
                continue
            qs = selectors.dispute_list_for_user(user=user, filters=f)
            out[f"selector.{who}.{name}"] = measure(lambda qs=qs: (list(qs[:25]), qs.count()),
                                                    repeats)  # fmt: skip
    client = Client()
    client.force_login(leader)

    def get(url: str) -> Any:
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"GET {url} answered {response.status_code}")
        return response

    ids = list(Dispute.objects.order_by("id").values_list("id", flat=True)[::997][:20])
    turn = iter(range(10**9))
    pages = {
        "http.ledger": lambda: get("/mediation/"),
        "http.ledger_page_40": lambda: get("/mediation/?page=40"),
        "http.dispute_page": lambda: get(f"/mediation/{ids[next(turn) % len(ids)]}/"),
        "http.api_list": lambda: get("/api/v1/mediation/disputes/"),
    }
    for name, fn in pages.items():
        if only in name:
            out[name] = measure(fn, repeats)
    if only and only in "http.dispute_page.mediator":
        client.force_login(mediator)  # the demo mediator's own committee's disputes in hand
        mine = list(
            selectors.dispute_list_for_user(
                user=mediator, filters=DisputeFilters(status="open")
            ).values_list("id", flat=True)[:20]
        )
        out["http.dispute_page.mediator"] = measure(
            lambda: get(f"/mediation/{mine[next(turn) % len(mine)]}/"), repeats
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--disputes", type=int, default=20_000)
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--name", help="write bench/results/<name>.json")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="time an existing database: no migrate, seed, fill or analyse",
    )
    parser.add_argument(
        "--only", default="", help="only the figures whose name contains this (e.g. dispute_page)"
    )
    args = parser.parse_args()  # fmt: skip
    fill_s = None
    if not args.reuse:
        call_command("migrate", verbosity=0)
        seed_demo()
        began = time.perf_counter()
        fill(args.disputes)
        fill_s = round(time.perf_counter() - began, 1)
        analyse()
    figures = run(args.repeats, args.only)
    result = {
        "disputes": Dispute.objects.count(),
        "database": connection.vendor,
        "fill_seconds": fill_s,
        "machine": machine(),
        "note": "shared 2-core machine; the bench (and its PostgreSQL backend) at nice -10, "
        "other work at nice 19",
        "figures": figures,
        "counts": {} if args.only else counts(),
    }
    for key, value in figures.items():
        print(f"{key:32} median {value['median_ms']:8.2f} ms   p95 {value['p95_ms']:8.2f} ms")
    if args.name:
        write_json(args.name, result)


if __name__ == "__main__":
    main()
