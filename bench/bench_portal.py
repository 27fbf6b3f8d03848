"""Petitioner portal benchmark: the look-up (query code + phone digits), the public view of a case
and the progress page, on a database of generated cases; and submissions per second through
`portal_submit` (registration, attachments none, the receipt), with one and with two processes.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench python bench/bench_portal.py \
        --cases 100000 --name portal-pg-100k

The database is migrated, the demo county loaded and `bench/generate_data.py` run for the missing
cases first. Rate limits are lifted in this process (they are what they measure otherwise).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/huajie-portal-bench.sqlite3")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")

import django  # noqa: E402

django.setup()

from common import PYTHON, ROOT, machine, run, summarize, write_json  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from huajie.petitions.models import Petition  # noqa: E402
from huajie.portal.conf import Limit  # noqa: E402
from huajie.portal.selectors import public_case  # noqa: E402
from huajie.portal.services.lookup import portal_lookup  # noqa: E402

UNLIMITED = Limit(10**9, timedelta(seconds=1))


def lift_limits() -> None:
    settings.PORTAL_SUBMIT_LIMITS = {"client": UNLIMITED, "phone": UNLIMITED}
    settings.PORTAL_LOOKUP_LOCKOUT = {"code": UNLIMITED, "client": UNLIMITED}
    settings.PORTAL_IDENTITY_REQUIRED = False  # one ID number may carry one name only
    settings.PORTAL_SMS_BACKEND = "huajie.portal.sms.FileBackend"
    settings.PORTAL_SMS_FILE = str(ROOT / "var" / "portal-bench-sms.log")


def measure(fn: Any, repeats: int) -> dict[str, Any]:
    fn()
    fn()
    samples = []
    for _ in range(repeats):
        began = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - began) * 1000)
    return summarize(samples)


def sample_cases(k: int) -> list[tuple[int, str, str]]:
    """(id, query code, last four digits) of k cases spread over the table, with a phone."""
    rng = random.Random(3)  # noqa: S311 - choosing sample rows
    top = Petition.objects.order_by("-id").values_list("id", flat=True).first() or 0
    found: list[tuple[int, str, str]] = []
    while len(found) < k:
        p = Petition.objects.filter(id__gte=rng.randint(1, top)).order_by("id").first()
        if p is None:
            continue
        phones = [x.petitioner.phone for x in p.parties.select_related("petitioner")]
        if phones and phones[0]:
            found.append((p.pk, p.query_code, phones[0][-4:]))
    return found


def reads(repeats: int) -> dict[str, Any]:
    cases = sample_cases(40)
    turn = iter(range(10**9))

    def pick() -> tuple[int, str, str]:
        return cases[next(turn) % len(cases)]

    out: dict[str, Any] = {}
    out["service.lookup"] = measure(
        lambda: portal_lookup(query_code=(c := pick())[1], phone_last4=c[2], client="bench"),
        repeats,
    )
    out["selector.public_case"] = measure(lambda: public_case(petition_id=pick()[0]), repeats)
    client = Client()
    client.get("/portal/lookup/")

    def page() -> None:
        session = client.session
        session["portal.case"] = {"value": pick()[0], "at": time.time()}
        session.save()
        response = client.get("/portal/progress/")
        if response.status_code != 200:
            raise RuntimeError(f"progress answered {response.status_code}")

    out["http.progress"] = measure(page, repeats)
    return out


def _submit_many(args: tuple[int, int]) -> float:
    """In a fresh process: `n` submissions; returns the seconds taken."""
    n, seed = args
    lift_limits()
    from huajie.orgs.models import Unit
    from huajie.portal.services.submit import PortalSubmission, portal_submit

    office = Unit.objects.get(code="QHX-XFJ")
    began = time.perf_counter()
    for i in range(n):
        portal_submit(
            data=PortalSubmission(
                unit=office,
                petition_class="complaint",
                title=f"基准测试网上信访{seed}-{i}",
                content="小区门口道路破损多处，雨天积水严重，请求尽快修复。" * 3,
                phone=f"139{seed:04d}{i % 10000:04d}",
                consent=True,
                name="基准测试",
                id_number="",
            ),
            client=f"bench-{seed}",
        )
    return time.perf_counter() - began


def submissions(n: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for workers in (1, 2):
        django.db.connections.close_all()  # a forked child must not share the parent's socket
        began = time.perf_counter()
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            pool.map(_submit_many, [(n, 1000 * workers + w) for w in range(workers)])
        seconds = time.perf_counter() - began
        out[f"submit.{workers}_process"] = {
            "submissions": n * workers,
            "seconds": round(seconds, 2),
            "per_second": round(n * workers / seconds, 1),
        }
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=60)
    parser.add_argument("--submissions", type=int, default=200, help="per process")
    parser.add_argument("--name", help="write bench/results/<name>.json")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as quiet:
        call_command("seed_demo", stdout=quiet)
    have = Petition.objects.count()
    if have < args.cases:
        env = {**os.environ}
        run(
            [PYTHON, str(ROOT / "bench" / "generate_data.py"), "--cases", str(args.cases - have)],
            env,
        )
    lift_limits()
    connection.close()
    figures = {**reads(args.repeats), **submissions(args.submissions)}
    result = {
        "cases": Petition.objects.count(),
        "database": connection.vendor,
        "machine": machine(),
        "note": "shared machine: 2 cores, several agents running at the same time",
        "figures": figures,
    }
    for key, value in figures.items():
        if "p95_ms" in value:
            print(f"{key:24} median {value['median_ms']:8.2f} ms   p95 {value['p95_ms']:8.2f} ms")
        else:
            rate, total = value["per_second"], value["submissions"]
            print(f"{key:24} {rate:8.1f} submissions/s ({total} in {value['seconds']} s)")
    if args.name:
        write_json(args.name, result)


if __name__ == "__main__":
    main()
