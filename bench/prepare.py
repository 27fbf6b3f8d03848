"""Create (once) the benchmark databases: migrate, the demo county, then the bulk generator
(`bench/generate_data.py`) up to the target size. Reused when already there.

Usage: python bench/prepare.py [--targets pg-100k,pg-1m,sqlite-100k,sqlite-1m]
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import PG_HOST, PYTHON, SIZES, Target, machine, run, write_json  # noqa: E402

ALL = [Target(v, s) for v in ("postgresql", "sqlite") for s in SIZES]


def parse_targets(text: str) -> list[Target]:
    by_name = {t.name: t for t in ALL}
    return [by_name[n] for n in text.split(",") if n]


def ensure_database(target: Target) -> None:
    if target.vendor != "postgresql":
        (Path(__file__).resolve().parent.parent / "var").mkdir(exist_ok=True)
        return
    import psycopg

    name = target.database_url.rsplit("/", 1)[1]
    with psycopg.connect(f"{PG_HOST}/postgres", autocommit=True) as conn:
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not found:
            conn.execute(f'CREATE DATABASE "{name}"')


def count_cases(target: Target) -> int:
    out = run(
        [
            PYTHON,
            "manage.py",
            "shell",
            "-c",
            "from huajie.petitions.models import Petition; "
            "print('CASES', Petition.objects.count())",
        ],
        target.env(),
    )
    found = re.search(r"CASES (\d+)", out)
    return int(found.group(1)) if found else 0


def prepare(target: Target) -> dict[str, object]:
    ensure_database(target)
    began = time.perf_counter()
    run([PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], target.env())
    migrate_s = time.perf_counter() - began
    run([PYTHON, "manage.py", "seed_demo"], target.env())
    have = count_cases(target)
    result: dict[str, object] = {"target": target.name, "migrate_s": round(migrate_s, 1)}
    if have < target.cases:
        missing = target.cases - have
        print(f"[{target.name}] generating {missing:,} cases …", flush=True)
        began = time.perf_counter()
        out = run([PYTHON, "bench/generate_data.py", "--cases", str(missing)], target.env())
        seconds = time.perf_counter() - began
        result.update(
            generated=missing,
            generate_s=round(seconds, 1),
            cases_per_s=round(missing / seconds),
            output=out.strip().splitlines()[-4:],
            machine=machine(),
        )
        write_json(f"generate-{target.name}", result)
        print(f"[{target.name}] {missing:,} cases in {seconds:.0f}s", flush=True)
    else:
        print(f"[{target.name}] {have:,} cases present, reused", flush=True)
    vacuum(target)
    return result


def vacuum(target: Target) -> None:
    """PostgreSQL: make sure the visibility map is set (index-only scans) and statistics fresh.
    The generator vacuums too, but a long transaction elsewhere on the server (another test run)
    keeps VACUUM from marking pages all-visible; this retries at every run (seconds if done)."""
    if target.vendor != "postgresql":
        return
    import psycopg

    with psycopg.connect(target.database_url, autocommit=True) as conn:
        for table in ("petition", "petitionclock", "petitionparty", "petitionevent"):
            conn.execute(f"VACUUM (ANALYZE) petitions_{table}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--targets", default=",".join(t.name for t in ALL))
    args = parser.parse_args()
    for target in parse_targets(args.targets):
        prepare(target)


if __name__ == "__main__":
    main()
