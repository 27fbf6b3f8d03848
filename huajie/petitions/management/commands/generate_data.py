"""`manage.py generate_data --cases N [--seed S] [--unit CODE] [--workers W] [--bulk|--no-bulk]`:
synthetic petitions for benchmarks.

Writes realistic cases (channels, classes, categories, states, statutory clocks, Chinese text)
into the current database with bulk inserts, one process per core. A load at least as large as
the cases already there runs in bulk mode: the secondary and word indexes are dropped and built
once afterwards, so other users of the database see slow searches meanwhile. A second run adds
N more. Never run it against a production database: the cases are fiction.
"""

from __future__ import annotations

import argparse
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from huajie.petitions.generator import generate_data


class Command(BaseCommand):
    help = "Generate N synthetic petitions (bulk inserts) for benchmarks; a second run adds N more."

    def add_arguments(self, parser: CommandParser) -> None:
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

    def handle(self, *args: Any, **options: Any) -> None:
        if options["cases"] < 1:
            self.stderr.write("--cases 应为正整数。--cases must be a positive number.")
            return
        report = generate_data(
            cases=options["cases"],
            seed=options["seed"],
            unit_code=options["unit"],
            batch_size=options["batch"],
            workers=options["workers"],
            bulk=options["bulk"],
            progress=lambda line: self.stdout.write(line),
        )
        rows = ", ".join(f"{name} {count:,}" for name, count in sorted(report.rows.items()))
        statuses = ", ".join(f"{k} {v:,}" for k, v in report.statuses.most_common())
        clocks = ", ".join(f"{k}: {v:,}" for k, v in sorted(report.clocks_per_case.items()))
        self.stdout.write(f"rows: {rows}")
        self.stdout.write(f"statuses: {statuses}")
        self.stdout.write(f"clocks per case: {clocks}")
        self.stdout.write(
            f"of which: rebuilding indexes {report.index_seconds:.1f}s, "
            f"ANALYZE/VACUUM {report.analyze_seconds:.1f}s"
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"已生成 {report.cases:,} 件信访事项，用时 {report.seconds:.1f} 秒"
                f"（{report.per_second:,.0f} 件/秒）。Generated {report.cases:,} cases."
            )
        )
