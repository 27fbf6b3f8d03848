"""Duplicate lookup latency at scale: p95 of `duplicate_candidates` over N signatures.

    .venv/bin/python bench/bench_duplicates.py --cases 1000000 [--database-url URL]
        [--json bench/results/duplicates.json] [--queries 300]

Builds a throwaway database (SQLite file var/bench_duplicates.sqlite3 by default; a PostgreSQL URL
gets a throwaway database `<name>_bench_dup` beside it, dropped at the end), migrates it, and
bulk-inserts N minimal cases with their signatures and LSH buckets. The word sets are synthetic:
every case perturbs one real message's word set (messages_with_votes_4326.xlsx) by keeping a random
half of its words and drawing as many again from the corpus word frequencies, so a base message has
~N/4326 loosely related cases (Jaccard ≈ 0.2) and the real messages are inserted as they are.

Then it times the real selector — jieba on the query text, MinHash, the bucket query, the scoped
rerank query — for real messages as queries, as a clerk of the registering unit (scoping on), and
reports median, p95 and max. Results are merged into the JSON file under the backend's name.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _configure(database_url: str, *, reuse: bool) -> str:
    """Point Django at the throwaway database (new unless `reuse`); returns its URL."""
    if database_url.startswith("postgres"):
        import psycopg

        base, _, name = database_url.rpartition("/")
        bench_name = f"{name or 'huajie'}_bench_dup"
        if not reuse:
            with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{bench_name}"')
                conn.execute(f'CREATE DATABASE "{bench_name}"')
        url = f"{base}/{bench_name}"
    else:
        path = ROOT / "var" / "bench_duplicates.sqlite3"
        path.parent.mkdir(exist_ok=True)
        for suffix in ("", "-wal", "-shm") if not reuse else ():
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        url = f"sqlite:///{path}"
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    return url


def _drop_pg(url: str) -> None:
    import psycopg
    from django.db import connections

    connections.close_all()
    base, _, name = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


def _synthetic_sets(bases: list[list[str]], n: int, rng: random.Random) -> list[list[str]]:
    corpus = [w for words in bases for w in words]
    out = [list(words) for words in bases]
    while len(out) < n:
        base = bases[len(out) % len(bases)]
        keep = rng.sample(base, max(1, len(base) // 2)) if base else []
        out.append(keep + [rng.choice(corpus) for _ in range(max(5, len(base) - len(keep)))])
    return out[:n]


def _petition_row_factory(unit_id: int, user_id: int) -> tuple[list[str], Any]:
    """Columns and a row builder for minimal cases, whatever fields the model has today."""
    from django.utils import timezone

    from huajie.petitions.models import Petition

    fields = [f for f in Petition._meta.concrete_fields if not f.primary_key]
    now = timezone.now()
    fixed = {
        "created_at": now,
        "updated_at": now,
        "unit": unit_id,
        "registered_by": user_id,
        "channel": "letter",
        "petition_class": "complaint",
        "status": "registered",
        "reg_year": 2026,
    }

    conn = _connection()
    base = [
        f.get_db_prep_save(fixed[f.name] if f.name in fixed else f.get_default(), connection=conn)
        for f in fields
    ]
    per_case_at = {f.name: k for k, f in enumerate(fields)}
    received = fields[per_case_at["received_on"]].get_db_prep_save(date(2026, 1, 1), conn)

    def row(i: int) -> list[Any]:
        values = list(base)
        values[per_case_at["reg_no"]] = f"BENCH-2026-{i:07d}"
        values[per_case_at["reg_seq"]] = i
        values[per_case_at["query_code"]] = f"Q{i:09d}"
        values[per_case_at["title"]] = f"合成事项 {i}"
        values[per_case_at["content"]] = f"用于基准测试的合成事项 {i}"
        values[per_case_at["received_on"]] = received
        return values

    return [str(f.column) for f in fields], row


def _connection() -> Any:
    from django.db import connection

    return connection


def _insert(table: str, columns: list[str], rows: Any, batch: int = 20_000) -> None:
    """executemany in batches (SQLite) or COPY (PostgreSQL)."""
    from django.db import connection, transaction

    cols = ", ".join(f'"{c}"' for c in columns)
    if connection.vendor == "postgresql":
        with transaction.atomic(), connection.cursor() as cursor:
            raw = cursor.cursor
            with raw.copy(f'COPY "{table}" ({cols}) FROM STDIN') as copy:
                for r in rows:
                    copy.write_row(r)
        return
    marks = ", ".join(["%s"] * len(columns))
    sql = f'INSERT INTO "{table}" ({cols}) VALUES ({marks})'  # noqa: S608 - our own names
    chunk: list[Any] = []
    with transaction.atomic(), connection.cursor() as cursor:
        for r in rows:
            chunk.append(r)
            if len(chunk) >= batch:
                cursor.executemany(sql, chunk)
                chunk = []
        if chunk:
            cursor.executemany(sql, chunk)


def build(n: int, seed: int) -> dict[str, Any]:
    from django.core.management import call_command
    from django.db import connection

    from huajie.orgs.tests.factories import make_unit, make_user
    from huajie.petitions.models import Petition
    from huajie.similarity import minhash, text
    from huajie.similarity.models import LshBucket, PetitionSignature
    from huajie.similarity.sample_data import read_messages

    timings: dict[str, float] = {}
    t = time.perf_counter()
    call_command("migrate", verbosity=0)
    county = make_unit("基准县人民政府", kind="government")
    office = make_unit("基准县信访局", parent=county, kind="petition_office")
    clerk = make_user(office, "clerk", "leader", username="bench-clerk")
    timings["migrate_s"] = time.perf_counter() - t

    t = time.perf_counter()
    messages = read_messages()
    bases = [sorted(text.analyse(m.title, m.content).shingles) for m in messages]
    sets = _synthetic_sets(bases, n, random.Random(seed))
    timings["word_sets_s"] = time.perf_counter() - t

    t = time.perf_counter()
    columns, row = _petition_row_factory(office.pk, clerk.pk)
    _insert(Petition._meta.db_table, columns, (row(i + 1) for i in range(n)))
    first_pk = Petition.objects.order_by("pk").values_list("pk", flat=True).first() or 1
    timings["insert_cases_s"] = time.perf_counter() - t

    t = time.perf_counter()
    sigs = [minhash.signature(words) for words in sets]
    bucket_ids = np.fromiter(
        (b for s in sigs for b in minhash.buckets(s)), dtype=np.int64, count=n * minhash.BANDS
    )
    owners = np.repeat(np.arange(first_pk, first_pk + n, dtype=np.int64), minhash.BANDS)
    order = np.argsort(bucket_ids, kind="stable")
    timings["signatures_s"] = time.perf_counter() - t

    t = time.perf_counter()
    sig_table = PetitionSignature._meta.db_table
    _insert(
        sig_table,
        ["petition_id", "version", "minhash", "keywords", "updated_at"],
        (
            (first_pk + i, minhash.SIGNATURE_VERSION, minhash.to_bytes(s), "[]", datetime.now(UTC))
            for i, s in enumerate(sigs)
        ),
    )
    _insert(
        LshBucket._meta.db_table,
        ["bucket", "petition_id"],
        zip(bucket_ids[order].tolist(), owners[order].tolist(), strict=True),
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    timings["insert_signatures_s"] = time.perf_counter() - t
    return {
        "timings": {k: round(v, 1) for k, v in timings.items()},
        "messages": messages,
        "clerk": clerk,
        "bucket_rows": int(bucket_ids.size),
    }


def reopen(n: int) -> dict[str, Any]:
    """The database of an earlier --keep run: nothing is built, only measured."""
    from huajie.orgs.models import User
    from huajie.petitions.models import Petition
    from huajie.similarity import minhash
    from huajie.similarity.sample_data import read_messages

    found = Petition.objects.count()
    if found != n:
        raise SystemExit(f"the kept database holds {found} cases, not {n}: run without --reuse")
    return {
        "timings": {"reused": True},
        "messages": read_messages(),
        "clerk": User.objects.get(username="bench-clerk"),
        "bucket_rows": n * minhash.BANDS,
    }


def measure(messages: list[Any], clerk: Any, queries: int, seed: int) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from huajie.similarity import minhash, text
    from huajie.similarity.selectors import duplicate_candidates

    rng = random.Random(seed + 1)
    sample = rng.sample(messages, min(queries + 20, len(messages)))
    warm, timed = sample[:20], sample[20:]
    for m in warm:
        duplicate_candidates(user=clerk, title=m.title, content=m.content)
    latencies, found, query_counts, text_ms = [], [], [], []
    for m in timed:
        t = time.perf_counter()
        minhash.signature(text.analyse(m.title, m.content).shingles)
        text_ms.append((time.perf_counter() - t) * 1000)
        with CaptureQueriesContext(connection) as ctx:
            t = time.perf_counter()
            result = duplicate_candidates(user=clerk, title=m.title, content=m.content)
            latencies.append((time.perf_counter() - t) * 1000)
        found.append(len(result))
        query_counts.append(len(ctx.captured_queries))
    latencies.sort()
    return {
        "queries": len(timed),
        "median_ms": round(statistics.median(latencies), 1),
        "p95_ms": round(latencies[int(0.95 * (len(latencies) - 1))], 1),
        "max_ms": round(latencies[-1], 1),
        "text_median_ms": round(statistics.median(text_ms), 1),
        "mean_candidates": round(statistics.mean(found), 2),
        "sql_queries_per_lookup": sorted(set(query_counts)),
    }


def _size(url: str) -> str:
    from django.db import connection

    if url.startswith("sqlite"):
        return f"{Path(url.removeprefix('sqlite:///')).stat().st_size / 2**20:.0f} MiB"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_size_pretty(pg_total_relation_size('similarity_lshbucket')), "
            "pg_size_pretty(pg_total_relation_size('similarity_petitionsignature')), version()"
        )
        buckets, sigs, version = cursor.fetchone()
    return f"lshbucket {buckets}, signatures {sigs}; {version.split(',')[0]}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--database-url", default="sqlite")
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", action="store_true", help="keep the throwaway database")
    parser.add_argument(
        "--reuse", action="store_true", help="measure again on the database a --keep run left"
    )
    args = parser.parse_args()

    url = _configure(args.database_url, reuse=args.reuse)
    backend = "postgresql" if url.startswith("postgres") else "sqlite"
    started = time.perf_counter()
    built = reopen(args.cases) if args.reuse else build(args.cases, args.seed)
    result = {
        "backend": backend,
        "cases": args.cases,
        "bucket_rows": built["bucket_rows"],
        "build": built["timings"],
        "lookup": measure(built["messages"], built["clerk"], args.queries, args.seed),
        "storage": _size(url),
        "total_s": round(time.perf_counter() - started, 1),
        "machine": (
            f"{platform.node()}: {os.cpu_count()} cores, "
            f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB, "
            f"{platform.platform()}, python {platform.python_version()}"
        ),
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    print(json.dumps(result, ensure_ascii=False, indent=2))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        existing = json.loads(args.json.read_text()) if args.json.exists() else {}
        existing[f"{backend}_{args.cases}" + ("_remeasured" if args.reuse else "")] = result
        args.json.write_text(json.dumps(existing, ensure_ascii=False, indent=2) + "\n")
    if backend == "postgresql" and not (args.keep or args.reuse):
        _drop_pg(url)


if __name__ == "__main__":
    main()
