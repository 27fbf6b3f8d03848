"""A mixed workload against gunicorn on 127.0.0.1 (issue 15 item 6; not a CI step).

A fresh PostgreSQL database with the demo county (`seed_demo`), gunicorn with 3 sync workers on
the test settings, then CLIENTS threads for SECONDS, each picking by weight: register a petition
(API), the ledger (page and API), a keyword search, a case page, and an action (受理 of a case it
registered). Every answer other than the expected one counts as an error. Results (throughput,
p50/p95/p99 per kind) go to bench/results/load.json and docs/reliability.md.

    .venv/bin/python bench/load.py [--seconds 600] [--clients 8]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
PASSWORD = "Huajie@2026"  # noqa: S105 - the published demo password
PG = os.environ.get("PG_URL", "postgres://postgres@127.0.0.1:5432")
WEIGHTS = {"register": 2, "ledger_page": 3, "ledger_api": 2, "search": 3, "case_page": 4, "act": 1}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Client:
    def __init__(self, base: str, token: str, session: requests.Session) -> None:
        self.base, self.session = base, session
        self.api = requests.Session()
        self.api.headers["Authorization"] = f"Token {token}"
        self.mine: list[tuple[int, int]] = []  # (id, version) of cases it registered
        self.n = 0

    def register(self) -> int:
        self.n += 1
        body = {
            "channel": "visit",
            "petition_class": "complaint",
            "title": f"压测登记第{self.n}件：小区外墙脱落",
            "content": "某小区3栋外墙瓷砖脱落，多次向物业反映无果，请求督促维修。",
            "received_on": "2026-11-30",
            "petitioners": [{"name": "压测信访人", "phone": "13812345678"}],
        }
        r = self.api.post(f"{self.base}/api/v1/petitions/", json=body, timeout=60)
        if r.status_code == 201:
            data = r.json()
            self.mine.append((int(data["id"]), int(data.get("version", 1))))
        return r.status_code == 201

    def ledger_page(self) -> bool:
        return self.session.get(f"{self.base}/petitions/", timeout=60).status_code == 200

    def ledger_api(self) -> bool:
        r = self.api.get(f"{self.base}/api/v1/petitions/?page=1", timeout=60)
        return r.status_code == 200

    def search(self) -> bool:
        q = random.choice(["工资", "拖欠工资", "外墙", "物业", "征地补偿", "噪音"])
        return self.api.get(f"{self.base}/api/v1/petitions/?q={q}", timeout=60).status_code == 200

    def case_page(self) -> bool:
        pk = random.choice(self.mine)[0] if self.mine else random.randint(1, 20)
        r = self.session.get(f"{self.base}/petitions/{pk}/", timeout=60)
        return r.status_code in (200, 404)  # demo ids not in the clerk's office are 404

    def act(self) -> bool:
        if not self.mine:
            return self.register()
        pk, version = self.mine.pop(0)
        r = self.api.post(f"{self.base}/api/v1/petitions/{pk}/actions/accept/",
                          json={"version": version, "on": "2026-12-01"}, timeout=60)  # fmt: skip
        return r.status_code == 200


def login(base: str, username: str) -> tuple[str, requests.Session]:
    session = requests.Session()
    page = session.get(f"{base}/accounts/login/", timeout=30).text
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert csrf, "no CSRF token on the sign-in page"
    session.post(f"{base}/accounts/login/", timeout=30, headers={"Referer": f"{base}/"},
                 data={"username": username, "password": PASSWORD,
                       "csrfmiddlewaretoken": csrf.group(1)})  # fmt: skip
    credentials = {"username": username, "password": PASSWORD}
    token = requests.post(f"{base}/api/v1/auth/token/", json=credentials, timeout=30)
    return str(token.json()["token"]), session


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=600)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=3)
    args = parser.parse_args()
    db = f"huajie_load_{os.getpid()}"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test",
           "DATABASE_URL": f"{PG}/{db}", "ALLOWED_HOSTS": "127.0.0.1"}  # fmt: skip
    psql = ["psql", PG + "/postgres", "-qc"]
    subprocess.run([*psql, f"CREATE DATABASE {db}"], check=True)  # noqa: S603
    server = None
    try:
        for command in (["migrate", "--noinput", "-v", "0"], ["seed_demo"]):
            subprocess.run([PY, "manage.py", *command], cwd=ROOT, env=env, check=True,  # noqa: S603
                           stdout=subprocess.DEVNULL)  # fmt: skip
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        log = (ROOT / "var" / "load-gunicorn.log").open("w")
        server = subprocess.Popen(  # noqa: S603
            [str(Path(PY).with_name("gunicorn")), "config.wsgi:application", "--bind",
             f"127.0.0.1:{port}", "--workers", str(args.workers), "--timeout", "120"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        for _ in range(120):
            try:
                requests.get(f"{base}/accounts/login/", timeout=30)
                break
            except requests.RequestException:
                time.sleep(0.5)
        users = ["clerk", "leader"]
        clients = [Client(base, *login(base, users[i % len(users)])) for i in range(args.clients)]
        times: dict[str, list[float]] = defaultdict(list)
        errors: dict[str, int] = defaultdict(int)
        lock = threading.Lock()
        stop = time.monotonic() + args.seconds
        kinds = list(WEIGHTS)

        def work(client: Client) -> None:
            while time.monotonic() < stop:
                kind = random.choices(kinds, weights=[WEIGHTS[k] for k in kinds])[0]
                started = time.perf_counter()
                try:
                    good = getattr(client, kind)()
                except requests.RequestException as exc:
                    good = False
                    print(f"{kind}: {exc}", file=sys.stderr)
                spent = time.perf_counter() - started
                with lock:
                    times[kind].append(spent)
                    if not good:
                        errors[kind] += 1

        for client in clients:  # warm-up, not measured: each worker loads its dictionaries
            for kind in kinds:
                getattr(client, kind)()
        threads = [threading.Thread(target=work, args=(c,)) for c in clients]
        began = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.monotonic() - began
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=60)
        subprocess.run([*psql, f"DROP DATABASE IF EXISTS {db}"], check=False)  # noqa: S603

    def pct(values: list[float], q: float) -> float:
        ordered = sorted(values)
        return round(1000 * ordered[min(len(ordered) - 1, int(q * len(ordered)))], 1)

    every = [v for vs in times.values() for v in vs]
    result: dict[str, Any] = {
        "seconds": round(elapsed),
        "clients": args.clients,
        "workers": args.workers,
        "requests": len(every),
        "errors": sum(errors.values()),
        "throughput_per_s": round(len(every) / elapsed, 1),
        "p50_ms": pct(every, 0.5),
        "p95_ms": pct(every, 0.95),
        "p99_ms": pct(every, 0.99),
        "by_kind": {
            k: {
                "requests": len(v),
                "errors": errors[k],
                "p50_ms": pct(v, 0.5),
                "p95_ms": pct(v, 0.95),
                "mean_ms": round(1000 * statistics.mean(v), 1),
            }
            for k, v in sorted(times.items())
        },  # fmt: skip
    }
    out = ROOT / "bench" / "results" / "load.json"
    out.write_text(json.dumps(result, ensure_ascii=False, indent=1), "utf-8")
    print(json.dumps(result, ensure_ascii=False, indent=1))
    return 0 if result["errors"] == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
