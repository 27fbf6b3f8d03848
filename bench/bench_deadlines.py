"""Throughput of `compute_deadline`: mixed working/calendar rules over random starts, 2004–2026;
and the time to compute a duty matrix of daily cut-offs (300 units × 70 days).

Usage: python bench/bench_deadlines.py [--json PATH] [--n 200000] [--repeats 7]

Prints computations per second (median of the repeats), the matrix time and the machine; exits
non-zero below the target of 200,000 computations/s or above 200 ms for the matrix.
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
from dataclasses import replace
from datetime import date
from datetime import time as time_of_day
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from huajie.deadlines import (  # noqa: E402 - after the path set-up above
    DEFAULT_RULES,
    CutoffDays,
    CutoffLayer,
    CutoffPlan,
    CutoffRule,
    DayKind,
    DeadlineRule,
    WorkingCalendar,
    compute_deadline,
    cutoffs_between,
    schedules_from_chinesecalendar,
)

TARGET_PER_SECOND = 200_000
# Later starts would run into 2027 (60 working days ≈ 3 months), which the package lacks.
FIRST_START, LAST_START = date(2004, 1, 1), date(2026, 8, 31)
# The duty matrix: every unit's cut-offs over 70 days spanning the 2026 special period.
MATRIX_UNITS, MATRIX_FIRST, MATRIX_LAST = 300, date(2026, 1, 5), date(2026, 3, 15)
MATRIX_TARGET_MS = 200


def mixed_rules() -> list[DeadlineRule]:
    """The default rules plus a working-day variant of each calendar-day one (as some provinces
    count them), so about half of the computations count working days."""
    variants = [
        replace(rule, code=f"{rule.code}.working", kind=DayKind.WORKING)
        for rule in DEFAULT_RULES.values()
        if rule.kind is DayKind.CALENDAR
    ]
    return [*DEFAULT_RULES.values(), *variants]


def unit_plans(units: int) -> list[CutoffPlan]:
    """One plan per unit (no sharing, the worst case): a working-day default and a special
    period of twice-daily reports, with the times varied so every plan is distinct."""
    plans = []
    for unit in range(units):
        minute = unit % 60
        normal = CutoffRule(f"duty.{unit}", (time_of_day(17, minute),), CutoffDays.WORKING_DAYS, "")
        special = CutoffRule(
            f"duty.{unit}.special",
            (time_of_day(9, minute), time_of_day(17, minute)),
            CutoffDays.EVERY_DAY,
            "",
        )
        plans.append(
            CutoffPlan(normal, (CutoffLayer(date(2026, 1, 12), date(2026, 3, 20), special),))
        )
    return plans


def run_matrix(calendar: WorkingCalendar, repeats: int) -> dict[str, object]:
    plans = unit_plans(MATRIX_UNITS)
    timings, cutoffs = [], 0
    for _ in range(repeats):
        began = time.perf_counter()
        cutoffs = sum(len(cutoffs_between(calendar, p, MATRIX_FIRST, MATRIX_LAST)) for p in plans)
        timings.append((time.perf_counter() - began) * 1000)
    median = statistics.median(timings)
    return {
        "units": MATRIX_UNITS,
        "days": (MATRIX_LAST - MATRIX_FIRST).days + 1,
        "cutoffs": cutoffs,
        "ms_median": round(median, 1),
        "ms_max": round(max(timings), 1),
        "target_ms": MATRIX_TARGET_MS,
        "meets_target": median <= MATRIX_TARGET_MS,
    }


def machine() -> dict[str, object]:
    uname = platform.uname()
    return {
        "processor": platform.processor() or uname.machine,
        "uname": f"{uname.system} {uname.release} {uname.machine}",
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
    }


def run(n: int, repeats: int, seed: int) -> dict[str, object]:
    calendar = WorkingCalendar(schedules_from_chinesecalendar())
    rules = mixed_rules()
    rng = random.Random(seed)
    low, high = FIRST_START.toordinal(), LAST_START.toordinal()
    work = [(rng.choice(rules), date.fromordinal(rng.randint(low, high))) for _ in range(n)]
    working = sum(1 for rule, _ in work if rule.kind is DayKind.WORKING)
    rates = []
    for _ in range(repeats):
        began = time.perf_counter()
        for rule, start in work:
            compute_deadline(calendar, rule, start)
        rates.append(n / (time.perf_counter() - began))
    median = statistics.median(rates)
    return {
        "benchmark": "compute_deadline",
        "computations_per_repeat": n,
        "working_day_share": round(working / n, 3),
        "repeats": repeats,
        "per_second_median": round(median),
        "per_second_min": round(min(rates)),
        "per_second_max": round(max(rates)),
        "microseconds_per_computation": round(1e6 / median, 3),
        "target_per_second": TARGET_PER_SECOND,
        "meets_target": median >= TARGET_PER_SECOND,
        "calendar_years": f"{calendar.years[0]}–{calendar.years[-1]}",
        "cutoff_matrix": run_matrix(calendar, repeats),
        "machine": machine(),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="also write the result as JSON to this path")
    parser.add_argument("--n", type=int, default=200_000, help="computations per repeat")
    parser.add_argument("--repeats", type=int, default=7, help="repeats (at least 5)")
    parser.add_argument("--seed", type=int, default=20250930)
    args = parser.parse_args()
    result = run(args.n, max(5, args.repeats), args.seed)
    m, matrix = result["machine"], result["cutoff_matrix"]
    assert isinstance(m, dict) and isinstance(matrix, dict)
    print(
        f"compute_deadline: {result['per_second_median']:,} computations/s "
        f"(median of {result['repeats']} × {args.n:,}; min {result['per_second_min']:,}, "
        f"max {result['per_second_max']:,}; {result['microseconds_per_computation']} µs each; "
        f"{result['working_day_share']:.0%} working-day rules)"
    )
    print(
        f"target {TARGET_PER_SECOND:,}/s: {'met' if result['meets_target'] else 'NOT met'}; "
        f"machine: {m['processor']}, {m['uname']}, {m['cpu_count']} CPUs, "
        f"{m['implementation']} {m['python']}"
    )
    print(
        f"cut-off matrix: {matrix['units']} units × {matrix['days']} days, "
        f"{matrix['cutoffs']:,} cut-offs in {matrix['ms_median']} ms (median; max "
        f"{matrix['ms_max']} ms); target {MATRIX_TARGET_MS} ms: "
        f"{'met' if matrix['meets_target'] else 'NOT met'}"
    )
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
        print(f"wrote {args.json}")
    return 0 if result["meets_target"] and matrix["meets_target"] else 1


if __name__ == "__main__":
    sys.exit(main())
