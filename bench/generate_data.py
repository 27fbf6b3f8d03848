"""Synthetic petitions for benchmarks, written straight into the database of DATABASE_URL.

    python bench/generate_data.py --cases N [--seed S] [--unit CODE] [--batch B]
                                  [--workers W] [--bulk | --no-bulk]

Realistic cases (channels, classes, categories, the statutory lifecycle with its clocks, Chinese
text) written with bulk inserts, one process per core (`bench/generator/`). Migrate and load the
demo county first (`manage.py migrate`, `manage.py seed_demo`). A load at least as large as the
cases already there runs in bulk mode: the secondary and word indexes are dropped and built once
afterwards, so other users of the database see slow searches meanwhile. A second run adds N more.
Never run it against a production database: the cases are fiction.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description="Generate N synthetic petitions (bulk inserts) for benchmarks; "
        "a second run adds N more."
    )
    parser.add_argument("--cases", type=int, required=True, help="how many cases to add")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument(
        "--unit", default=None, help="register every case at this unit code (default: demo)"
    )
    parser.add_argument("--batch", type=int, default=10_000, help="cases per transaction")
    parser.add_argument(
        "--workers", type=int, default=None, help="processes (default: one per core)"
    )
    parser.add_argument(
        "--bulk",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="drop and rebuild the indexes around the load "
        "(default: when adding at least as many cases as there are)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> None:
    """Parse the arguments and generate (Django must be set up)."""
    args = parser().parse_args(argv)
    if args.cases < 1:
        parser().error("--cases 应为正整数。--cases must be a positive number.")
    from bench.generator import generate_data

    report = generate_data(
        cases=args.cases,
        seed=args.seed,
        unit_code=args.unit,
        batch_size=args.batch,
        workers=args.workers,
        bulk=args.bulk,
        progress=lambda line: print(line, flush=True),
    )
    for line in report.summary():
        print(line)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()
    main()
