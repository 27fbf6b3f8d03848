"""Shared helpers of the bench scripts: targets (database per vendor and size), subprocesses,
timing statistics and the machine description. Plain Python: no Django import at module level."""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PYTHON = sys.executable
PG_HOST = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
SIZES = {"100k": 100_000, "1m": 1_000_000}


@dataclass(frozen=True)
class Target:
    vendor: str  # "sqlite" or "postgresql"
    size: str  # "100k" or "1m"

    @property
    def cases(self) -> int:
        return SIZES[self.size]

    @property
    def name(self) -> str:
        return f"{'pg' if self.vendor == 'postgresql' else 'sqlite'}-{self.size}"

    @property
    def database_url(self) -> str:
        if self.vendor == "sqlite":
            return f"sqlite:///{ROOT / 'var' / f'bench-{self.size}.sqlite3'}"
        return f"{PG_HOST}/huajie_bench_{self.size}"

    def env(self, **extra: str) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            DATABASE_URL=self.database_url,
            DJANGO_SETTINGS_MODULE="config.settings.dev",
            DEBUG="0",
            LOG_LEVEL="ERROR",
            ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
            PYTHONPATH=str(ROOT),
        )
        env.update(extra)
        return env


def run(cmd: Sequence[str], env: dict[str, str], *, check: bool = True) -> str:
    done = subprocess.run(  # noqa: S603 - our own interpreter and scripts
        list(cmd), cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if check and done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return done.stdout


def summarize(samples_ms: Sequence[float]) -> dict[str, float]:
    ordered = sorted(samples_ms)
    p95 = ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]
    return {
        "n": len(ordered),
        "median_ms": round(statistics.median(ordered), 2),
        "p95_ms": round(p95, 2),
        "min_ms": round(ordered[0], 2),
        "max_ms": round(ordered[-1], 2),
    }


def timed(fn: Callable[[], Any], *, repeats: int, warmup: int = 2) -> dict[str, float]:
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeats):
        began = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - began) * 1000)
    return summarize(samples)


def machine() -> dict[str, Any]:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor()
    mem_kb = 0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem_kb = int(line.split()[1])
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gib": round(mem_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
        "os": f"{platform.system()} {platform.release()}",
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def write_json(name: str, data: Any) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    tmp.replace(path)
    return path


def read_json(name: str) -> Any:
    path = RESULTS / f"{name}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None
