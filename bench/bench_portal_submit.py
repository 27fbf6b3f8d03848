"""Sustained online submissions through a real server: `POST /portal/submit/form/` against
gunicorn (sync workers, as README's deployment runs it) on 127.0.0.1, for `--seconds`.

Each submission is one petitioner's last step: their session already holds the phone proved by
an SMS code (the earlier steps are other requests), made before the clock starts by this process
straight in the session table, one session per submission; the form posts with a CSRF cookie and
field. `--clients` threads with keep-alive connections post form after form; a sync worker closes
the connection after each answer and the client reconnects. A submission counts when it answers
302 to the receipt page.

Where the CPU went, in milliseconds per submission, read from /proc: this load generator, the
gunicorn processes, the PostgreSQL backends serving the database (as `bench_register.py`).
Rate limits are lifted in the server (`bench/portal_settings.py`).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench_1m \
        python bench/bench_portal_submit.py --workers 3 --clients 6 --seconds 30 --name …
"""

from __future__ import annotations

import argparse
import http.client
import os
import secrets
import sys
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")

import django  # noqa: E402

django.setup()

from bench_register import HOST, CpuMeter, free_port  # noqa: E402
from common import ROOT, machine, summarize, write_json  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.db import connection  # noqa: E402

from huajie.orgs.models import Unit  # noqa: E402
from huajie.petitions.models import Petition  # noqa: E402

CONTENT = "小区门口道路破损多处，雨天积水严重，请求尽快修复。" * 3


def sessions(n: int, seed: int) -> list[tuple[str, str]]:
    """(session key, phone) for n petitioners who have just proved their phone."""
    out = []
    for i in range(n):
        phone = f"138{seed:04d}{i % 10000:04d}"
        store = SessionStore()
        store["portal.phone"] = {"value": phone, "at": time.time()}
        store.create()
        out.append((store.session_key or "", phone))
    return out


def wait_ready(port: int, server: Any, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("gunicorn exited during start-up")
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            conn.request("GET", "/portal/")
            conn.getresponse().read()
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not answer in time")


def client_loop(
    port: int,
    office: int,
    work: list[tuple[str, str]],
    stop_at: float,
    out: list[float],
    errors: list[str],
) -> None:
    csrf = secrets.token_hex(16)  # 32 characters: an unmasked CSRF secret, cookie and field
    conn = http.client.HTTPConnection(HOST, port, timeout=60)
    for n, (key, _phone) in enumerate(work):
        if time.monotonic() >= stop_at:
            break
        body = urlencode(
            {
                "csrfmiddlewaretoken": csrf,
                "unit": str(office),
                "petition_class": "complaint",
                "title": f"基准测试网上信访{key[:6]}-{n}",
                "content": CONTENT,
                "name": "基准测试",
                "consent": "yes",
            }
        ).encode()
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"{settings.SESSION_COOKIE_NAME}={key}; {settings.CSRF_COOKIE_NAME}={csrf}",
        }
        began = time.perf_counter()
        try:
            conn.request("POST", "/portal/submit/form/", body=body, headers=headers)
            response = conn.getresponse()
            text = response.read()
        except (OSError, http.client.HTTPException) as exc:
            errors.append(type(exc).__name__)
            conn.close()
            conn = http.client.HTTPConnection(HOST, port, timeout=60)
            continue
        if response.status == 302:
            out.append((time.perf_counter() - began) * 1000)
        else:
            errors.append(f"{response.status}: {text[:200].decode(errors='replace')}")
        if response.getheader("Connection", "").lower() == "close":
            conn.close()
            conn = http.client.HTTPConnection(HOST, port, timeout=60)
    conn.close()


def run_clients(
    port: int, office: int, per_client: list[list[tuple[str, str]]], seconds: float
) -> tuple[list[float], list[str], float]:
    latencies: list[list[float]] = [[] for _ in per_client]
    errors: list[str] = []
    began = time.monotonic()
    pool = [
        threading.Thread(
            target=client_loop, args=(port, office, work, began + seconds, latencies[i], errors)
        )
        for i, work in enumerate(per_client)
    ]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return [x for per in latencies for x in per], errors, time.monotonic() - began


def measure(*, seconds: float, clients: int, workers: int, rate_cap: int) -> dict[str, Any]:
    import subprocess

    office = Unit.objects.get(code="QHX-XFJ").pk
    # Enough sessions for the run at up to `rate_cap` submissions/s, plus the warm-up.
    per_client = max(20, int(rate_cap * seconds / clients))
    warm = [sessions(5, 9000 + i) for i in range(clients)]
    work = [sessions(per_client, 1000 + i) for i in range(clients)]
    connection.close()
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal_settings",
        "PYTHONPATH": f"{ROOT / 'bench'}:{ROOT}",
        "DEBUG": "0",
        "LOG_LEVEL": "ERROR",
    }
    log = (ROOT / "var" / "gunicorn-portal-bench.log").open("wb")
    server = subprocess.Popen(  # noqa: S603 - our own gunicorn on the loopback address
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "config.wsgi:application",
            "--workers",
            str(workers),
            "--bind",
            f"{HOST}:{port}",
            "--timeout",
            "60",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=log,
    )
    database = str(settings.DATABASES["default"]["NAME"])
    meter = CpuMeter(server.pid, database if connection.vendor == "postgresql" else "")
    try:
        wait_ready(port, server)
        run_clients(port, office, warm, 30)  # first queries, jieba's dictionary, templates
        time.sleep(4)  # bench/quiet.sh renices new backends of "bench" databases every 2 s
        load_before = [round(x, 2) for x in os.getloadavg()]
        cpu_before = meter.sample()
        samples, errors, elapsed = run_clients(port, office, work, seconds)
        cpu = CpuMeter.spent(cpu_before, meter.sample())
        load_after = [round(x, 2) for x in os.getloadavg()]
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    done = len(samples)
    result: dict[str, Any] = {
        "seconds": round(elapsed, 1),
        "clients": clients,
        "workers": workers,
        "submissions": done,
        "per_second": round(done / elapsed, 1),
        "ran_out_of_sessions": done + len(errors) >= per_client * clients,
        "errors": len(errors),
        "error_examples": sorted(set(errors))[:3],
        "load_average_before": load_before,
        "load_average_after": load_after,
        "cpu_ms_per_submission": {
            ("load generator" if part == "client" else part): round(spent * 1000 / max(1, done), 2)
            for part, spent in cpu.items()
        },
        "cpu_cores_busy": {
            ("load generator" if part == "client" else part): round(spent / elapsed, 2)
            for part, spent in cpu.items()
        },
    }
    if samples:
        result.update(summarize(samples))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--clients", type=int, default=6)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--rate-cap", type=int, default=120, help="sessions made: cap × seconds")
    parser.add_argument("--name", help="write bench/results/<name>.json")
    args = parser.parse_args()
    (ROOT / "var").mkdir(exist_ok=True)
    data = {
        "what": "POST /portal/submit/form/ through gunicorn (sync workers) on 127.0.0.1",
        "cases": Petition.objects.count(),
        "database": connection.vendor,
        "machine": machine(),
        "note": "run under bench/nice.sh (nice -10; gunicorn and its database backends "
        "inherit or are given it), other engineers' work at nice 19 on the shared 2-core machine",
        **measure(
            seconds=args.seconds, clients=args.clients, workers=args.workers, rate_cap=args.rate_cap
        ),
    }
    print(
        f"{data['per_second']} submissions/s ({data['submissions']} in {data['seconds']} s, "
        f"{data['errors']} errors {data['error_examples']}), median {data.get('median_ms')} ms "
        f"p95 {data.get('p95_ms')} ms, CPU ms per submission {data['cpu_ms_per_submission']}, "
        f"load {data['load_average_before']}"
    )
    if args.name:
        write_json(args.name, data)


if __name__ == "__main__":
    main()
