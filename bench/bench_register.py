"""Sustained registration rate through the API against a real server process.

Starts gunicorn (sync workers, or `--threads` > 1 for gthread workers) on 127.0.0.1 on the target
database, takes a token for the demo clerk (`POST /api/v1/auth/token/`), then keeps `--clients`
threads posting registrations (`POST /api/v1/petitions/`, token auth, keep-alive connections; a
sync worker closes the connection after each response and the client reconnects) for `--seconds`,
and reports registrations per second with the latency median and p95. Every request goes to
127.0.0.1 only; the loop is bounded in time and stops by itself.

It also reports where the CPU went, in milliseconds per registration: this client process, the
gunicorn processes, and the PostgreSQL backends serving the target database (read from /proc;
Linux only), next to the machine's load average, since the benchmark machines are shared.

    python bench/bench_register.py --target pg-1m --json bench/results/register-pg-1m.json
    python bench/bench_register.py --target pg-100k --database-url postgres://…/other_db --json …
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ROOT, SIZES, Target, machine, summarize, write_json  # noqa: E402

HOST = "127.0.0.1"
DEMO_PASSWORD = "Huajie@2026"  # noqa: S105 - the published demo password (huajie.orgs.demo)
SENTENCES = [
    "小区电梯多次故障无人维修，老人上下楼十分困难，请求督促物业尽快维修。",
    "某建筑工地拖欠十余名农民工三个月工资，多次讨要无果，请求帮助追讨。",
    "村口道路破损严重，雨天积水没过脚踝，学生上学很不安全，请求尽快修复。",
    "附近工地夜间施工噪音扰民，影响周边居民正常休息，请求依法查处。",
    "本人家庭困难，申请低保被驳回，认为认定有误，请求重新核查。",
    "养殖场污水直排河道，河水发黑发臭，请求环保部门查处并督促整改。",
]
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def id_number(rng: random.Random) -> str:
    born = date(1950, 1, 1).toordinal() + rng.randint(0, 50 * 365)
    body = f"430102{date.fromordinal(born):%Y%m%d}{rng.randint(0, 999):03d}"
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, ID_WEIGHTS, strict=True)) % 11]


def payload(rng: random.Random) -> bytes:
    text = "".join(rng.sample(SENTENCES, 3))
    body = {
        "channel": rng.choice(["visit", "letter", "phone", "online"]),
        "petition_class": rng.choice(["complaint", "complaint", "suggestion"]),
        "title": text[:30],
        "content": text,
        "received_on": date.today().isoformat(),  # noqa: DTZ011 - the server's local day
        "petitioners": [
            {
                "name": rng.choice("王李张刘陈杨") + rng.choice(["建国", "秀英", "志强", "丽娟"]),
                "id_number": id_number(rng),
                "phone": f"13{rng.randint(0, 999_999_999):09d}",
            }
        ],
    }
    return json.dumps(body, ensure_ascii=False).encode()


def request(
    conn: http.client.HTTPConnection, method: str, path: str, body: bytes, token: str = ""
) -> tuple[int, bytes]:
    headers = {"Content-Type": "application/json; charset=utf-8"}
    if token:
        headers["Authorization"] = f"Token {token}"
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    return response.status, response.read()


def wait_ready(port: int, server: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("gunicorn exited during start-up")
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            conn.request("GET", "/accounts/login/")
            conn.getresponse().read()
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not answer in time")


def client_loop(
    port: int, token: str, stop_at: float, seed: int, out: list[float], errors: list[str]
) -> None:
    rng = random.Random(seed)
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    while time.monotonic() < stop_at:
        body = payload(rng)
        began = time.perf_counter()
        try:
            status, text = request(conn, "POST", "/api/v1/petitions/", body, token)
        except (OSError, http.client.HTTPException) as exc:
            errors.append(type(exc).__name__)
            conn.close()
            conn = http.client.HTTPConnection(HOST, port, timeout=30)
            continue
        if status == 201:
            out.append((time.perf_counter() - began) * 1000)
        else:
            errors.append(f"{status}: {text[:200].decode(errors='replace')}")
    conn.close()


def _cpu_seconds(pid: int) -> float:
    """utime + stime of a process (0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _backends(database: str) -> list[int]:
    """PostgreSQL backends connected to `database` (their process title names it)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                title = (
                    (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
                )
            except OSError:
                continue
            if title.startswith("postgres: ") and f" {database} " in title:
                pids.append(int(entry.name))
    return pids


class CpuMeter:
    """CPU seconds spent by this process, the server's processes and the database backends."""

    def __init__(self, server_pid: int, database: str) -> None:
        self.server_pid, self.database = server_pid, database

    def sample(self) -> dict[str, dict[int, float]]:
        server = [self.server_pid, *_children(self.server_pid)]
        backends = _backends(self.database) if self.database else []
        return {
            "client": {0: time.process_time()},
            "gunicorn": {pid: _cpu_seconds(pid) for pid in server},
            "postgres": {pid: _cpu_seconds(pid) for pid in backends},
        }

    @staticmethod
    def spent(
        before: dict[str, dict[int, float]], after: dict[str, dict[int, float]]
    ) -> dict[str, float]:
        return {
            part: sum(value - before[part].get(pid, 0.0) for pid, value in after[part].items())
            for part in after
        }


def measure(
    target: Target, *, seconds: float, clients: int, workers: int, threads: int, database_url: str
) -> dict[str, Any]:
    port = free_port()
    log = (ROOT / "var" / f"gunicorn-{target.name}.log").open("wb")
    worker_class = ["--threads", str(threads)] if threads > 1 else []
    server = subprocess.Popen(  # noqa: S603 - our own gunicorn on the loopback address
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "config.wsgi:application",
            "--workers",
            str(workers),
            *worker_class,
            "--bind",
            f"{HOST}:{port}",
            "--timeout",
            "60",
        ],
        cwd=ROOT,
        env=target.env(DATABASE_URL=database_url),
        stdout=log,
        stderr=log,
    )
    database = database_url.rsplit("/", 1)[-1] if database_url.startswith("postgres") else ""
    meter = CpuMeter(server.pid, database)
    try:
        wait_ready(port, server)
        conn = http.client.HTTPConnection(HOST, port, timeout=30)
        status, text = request(
            conn,
            "POST",
            "/api/v1/auth/token/",
            json.dumps({"username": "clerk", "password": DEMO_PASSWORD}).encode(),
        )
        if status != 200:
            raise RuntimeError(f"token: {status} {text[:300]!r}")
        token = json.loads(text)["token"]
        latencies: list[list[float]] = [[] for _ in range(clients)]
        errors: list[str] = []
        warm_until = time.monotonic() + 3
        pool = [
            threading.Thread(
                target=client_loop, args=(port, token, warm_until, 1000 + i, [], errors)
            )
            for i in range(clients)
        ]
        for t in pool:
            t.start()
        for t in pool:
            t.join()
        errors.clear()
        load_before = [round(x, 2) for x in os.getloadavg()]
        cpu_before = meter.sample()
        began = time.monotonic()
        stop_at = began + seconds
        pool = [
            threading.Thread(
                target=client_loop, args=(port, token, stop_at, i, latencies[i], errors)
            )
            for i in range(clients)
        ]
        for t in pool:
            t.start()
        for t in pool:
            t.join()
        elapsed = time.monotonic() - began
        cpu = CpuMeter.spent(cpu_before, meter.sample())
        load_after = [round(x, 2) for x in os.getloadavg()]
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    samples = [x for per in latencies for x in per]
    result: dict[str, Any] = {
        "seconds": round(elapsed, 1),
        "clients": clients,
        "workers": workers,
        "threads": threads,
        "registrations": len(samples),
        "per_second": round(len(samples) / elapsed, 1),
        "errors": len(errors),
        "error_examples": sorted(set(errors))[:3],
        "load_average_before": load_before,
        "load_average_after": load_after,
        "cpu_ms_per_registration": {
            part: round(spent * 1000 / max(1, len(samples)), 2) for part, spent in cpu.items()
        },
        "cpu_cores_busy": {part: round(spent / elapsed, 2) for part, spent in cpu.items()},
    }
    if samples:
        result.update(summarize(samples))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--target", required=True, help="e.g. pg-1m, sqlite-100k")
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=1, help="> 1: gthread workers")
    parser.add_argument("--database-url", default="", help="instead of the target's database")
    parser.add_argument("--json", required=True)
    args = parser.parse_args()
    vendor, size = args.target.split("-")
    target = Target("postgresql" if vendor == "pg" else "sqlite", size)
    assert size in SIZES
    data = {
        "target": args.target,
        "machine": machine(),
        **measure(
            target,
            seconds=args.seconds,
            clients=args.clients,
            workers=args.workers,
            threads=args.threads,
            database_url=args.database_url or target.database_url,
        ),
    }
    write_json(Path(args.json).stem, data)
    print(
        f"{args.target}: {data['per_second']} registrations/s, {data['errors']} errors, "
        f"median {data.get('median_ms')} ms, CPU ms per registration "
        f"{data['cpu_ms_per_registration']}, load {data['load_average_before']}"
    )


if __name__ == "__main__":
    main()
