"""`make bench`: every benchmark on every target, then the table in docs/performance.md.

Targets: PostgreSQL and SQLite at 100k and 1M cases (databases made once by bench/prepare.py —
migrate, the demo county, then the bulk generator bench/generate_data.py — and reused). Per
target: the read side (bench_app.py), registration through the API against gunicorn
(bench_register.py), the peer django-helpdesk with as many tickets (peer_helpdesk.py), and the
other teams' benchmarks when they are there (bench_duplicates.py, bench_export.py). Once:
deadline computation (bench_deadlines.py). Results: bench/results/*.json; table: bench/report.py.

    python bench/run.py [--targets pg-100k,pg-1m,sqlite-100k,sqlite-1m] [--skip-peer]
                        [--repeats 20] [--seconds 30]

Long: generating the 1M databases takes tens of minutes the first time. Not part of `make test`.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import PYTHON, RESULTS, ROOT, Target, run  # noqa: E402
from prepare import ALL, parse_targets, prepare  # noqa: E402

BENCH = ROOT / "bench"


def step(name: str, cmd: list[str], target: Target | None) -> None:
    """Run one benchmark script; a failure is printed and the run goes on (a benchmark that
    misses its target may exit non-zero after writing its results)."""
    began = time.perf_counter()
    print(f"  {name} …", flush=True)
    try:
        out = run(cmd, target.env() if target else Target("sqlite", "100k").env(), check=True)
        print(f"  {name}: {time.perf_counter() - began:.0f}s {out.strip()[-300:]}", flush=True)
    except RuntimeError as exc:
        print(f"  {name}: exited non-zero: {str(exc)[-1500:]}", flush=True)


def other_teams(refresh: bool) -> None:
    """The duplicate lookup and the Excel export belong to other apps, whose scripts build their
    own databases (minutes): run them when their results are missing or on --refresh-others."""
    for script, label, args in (
        ("bench_duplicates.py", "duplicates", ["--cases", "100000"]),
        ("bench_export.py", "export", []),
    ):
        path, out = BENCH / script, RESULTS / f"{label}.json"
        if path.exists() and (refresh or not out.exists()):
            step(label, [PYTHON, str(path), *args, "--json", str(out)], None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--targets", default=",".join(t.name for t in ALL))
    parser.add_argument("--skip-peer", action="store_true")
    parser.add_argument("--skip-register", action="store_true")
    parser.add_argument("--refresh-others", action="store_true")
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--peer-repeats", type=int, default=10, help="the peer is slow at 1M")
    args = parser.parse_args()
    step(
        "deadlines",
        [PYTHON, str(BENCH / "bench_deadlines.py"), "--json", str(RESULTS / "deadlines.json")],
        None,
    )
    for target in parse_targets(args.targets):
        print(f"[{target.name}]", flush=True)
        prepare(target)
        name = target.name
        step(
            f"app-{name}",
            [
                PYTHON, str(BENCH / "bench_app.py"), "--target", name,
                "--repeats", str(args.repeats), "--json", str(RESULTS / f"app-{name}.json"),
            ],
            target,
        )  # fmt: skip
        if not args.skip_register:
            step(
                f"register-{name}",
                [
                    PYTHON, str(BENCH / "bench_register.py"), "--target", name,
                    "--seconds", str(args.seconds),
                    "--json", str(RESULTS / f"register-{name}.json"),
                ],
                target,
            )  # fmt: skip
        if not args.skip_peer:
            step(
                f"peer-{name}",
                [
                    PYTHON, str(BENCH / "peer_helpdesk.py"), "--target", name,
                    "--repeats", str(args.peer_repeats),
                    "--json", str(RESULTS / f"peer-{name}.json"),
                ],
                target,
            )  # fmt: skip
    other_teams(args.refresh_others)
    step("report", [PYTHON, str(BENCH / "report.py")], None)


if __name__ == "__main__":
    main()
