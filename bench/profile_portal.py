"""Where one portal submission spends its time: cProfile over `POST /portal/submit/form/` through
Django's test client (session, form, view, `portal_submit`, the page), after warm-up requests so
one-time loads are not counted, with the queries the submission ran.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench python bench/profile_portal.py

Run it on a database prepared by `bench/bench_portal.py` (demo county plus generated cases).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")

import django  # noqa: E402

django.setup()

from bench_portal import lift_limits  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from huajie.orgs.models import Unit  # noqa: E402


def submit_once(client: Client, office: int, n: int) -> None:
    session = client.session
    session["portal.phone"] = {"value": f"1390731{n % 10000:04d}", "at": time.time()}
    session.save()
    response = client.post(
        "/portal/submit/form/",
        {
            "unit": str(office),
            "petition_class": "complaint",
            "title": f"小区门口道路破损{n}",
            "content": "小区门口道路破损多处，雨天积水严重，请求尽快修复。" * 3,
            "name": "基准测试",
            "consent": "yes",
        },
    )
    if response.status_code != 302:
        raise RuntimeError(f"the submission answered {response.status_code}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--warm", type=int, default=3, help="submissions before the profiled one")
    parser.add_argument("--top", type=int, default=35)
    parser.add_argument("--profiled", type=int, default=10, help="submissions profiled")
    parser.add_argument("--only", default="", help="only functions whose path matches")
    parser.add_argument("--timed", type=int, default=30, help="unprofiled submissions to time")
    parser.add_argument("--sort", default="cumulative", help="pstats sort key (tottime, …)")
    args = parser.parse_args()
    lift_limits()
    office = Unit.objects.get(code="QHX-XFJ").pk
    client = Client()
    client.get("/portal/")
    for n in range(args.warm):
        submit_once(client, office, n)
    # CPU time of this process (the database's own work shows in the query times below).
    profile = cProfile.Profile(time.process_time)
    with CaptureQueriesContext(connection) as queries:
        began = time.perf_counter()
        profile.enable()
        for n in range(args.profiled):
            submit_once(client, office, args.warm + n)
        profile.disable()
        took = (time.perf_counter() - began) * 1000
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats(args.sort).print_stats(args.only, args.top)
    print(out.getvalue())
    each = len(queries) / args.profiled
    print(f"{args.profiled} submissions: {took:.1f} ms (profiled), {each:.0f} queries each")
    for q in queries.captured_queries[: len(queries) // args.profiled]:
        print(f"  {float(q['time']) * 1000:6.1f} ms  {q['sql'][:150]}")
    timed(client, office, args.timed)


def timed(client: Client, office: int, count: int) -> None:
    """Unprofiled: wall and this process's CPU per submission, and the queries by kind."""
    walls, cpus, by_kind = [], [], {}
    for n in range(count):
        with CaptureQueriesContext(connection) as queries:
            began, cpu = time.perf_counter(), time.process_time()
            submit_once(client, office, 100 + n)
            walls.append((time.perf_counter() - began) * 1000)
            cpus.append((time.process_time() - cpu) * 1000)
        for q in queries.captured_queries:
            words = q["sql"].split()
            if words[0] in ("SAVEPOINT", "RELEASE"):
                words = words[:1]
            kind = " ".join(
                words[:2]
                if words[0] != "SELECT"
                else [words[0], *[w for w in words if w.startswith('"') and "_" in w][:1]]
            )
            total, seen = by_kind.get(kind, (0.0, 0))
            by_kind[kind] = (total + float(q["time"]) * 1000, seen + 1)
    if not walls:
        return
    walls.sort()
    cpus.sort()
    print(
        f"{count} unprofiled submissions: wall median {walls[count // 2]:.1f} ms "
        f"(min {walls[0]:.1f}), this process's CPU median {cpus[count // 2]:.1f} ms"
    )
    for kind, (total, seen) in sorted(by_kind.items(), key=lambda kv: -kv[1][0]):
        print(f"  {total / count:6.2f} ms  {seen / count:4.1f}×  {kind[:110]}")


if __name__ == "__main__":
    main()
