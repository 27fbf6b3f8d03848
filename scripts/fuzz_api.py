"""Schema-driven fuzzing of the API (`make fuzz`, called by .ci/run).

Builds a fresh SQLite database on the test settings with the demo county (`seed_demo`), serves it
on a free port on 127.0.0.1, and runs schemathesis over `/api/v1/schema/` as the demo admin, as a
clerk and anonymously, each within a time budget. Fails on any 5xx and on any response that
violates the schema; prints one line of figures per client and writes them to
`var/fuzz/summary.json` (the figures in docs/reliability.md).

    .venv/bin/python scripts/fuzz_api.py [--seconds 60] [--keep]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import subprocess  # noqa: S404 - runs this project's own commands
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
DEMO_PASSWORD = "Huajie@2026"  # noqa: S105 - the published demo password (orgs/demo.py)
CHECKS = "not_a_server_error,response_schema_conformance"
CLIENTS = ("admin", "clerk", "anonymous")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True)  # noqa: S603


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5):  # noqa: S310 - our own 127.0.0.1
                return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.5)
    raise SystemExit(f"the server did not answer {url} within {seconds:.0f} s")


def token(base: str, username: str) -> str:
    body = json.dumps({"username": username, "password": DEMO_PASSWORD, "name": "fuzz"}).encode()
    request = urllib.request.Request(  # noqa: S310 - our own 127.0.0.1
        f"{base}/api/v1/auth/token/", data=body, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return str(json.load(response)["token"])


def run_client(base: str, who: str, seconds: int, out: Path, seed: int) -> dict[str, object]:
    report = out / f"{who}.json"
    command = [
        str(Path(PY).with_name("st")),
        "run",
        f"{base}/api/v1/schema/",
        "--checks",
        CHECKS,
        "--max-time",
        str(seconds),
        "--workers",
        "1",
        "--seed",
        str(seed),
        "--request-timeout",
        "30",
        "--report",
        "junit",
        "--report-junit-path",
        str(out / f"{who}.xml"),
        "--generation-database",
        "none",
        "--no-color",
    ]
    if who != "anonymous":
        # Revoking the token the run signs in with would leave the rest of the run anonymous;
        # DELETE /auth/token/ is fuzzed by the anonymous client.
        command += ["--header", f"Authorization: Token {token(base, who)}"]
        command += ["--exclude-operation-id", "auth_token_destroy"]
    started = time.monotonic()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)  # noqa: S603
    (out / f"{who}.log").write_text(result.stdout + result.stderr, "utf-8")
    cases = re.search(r"(\d+) generated, (\d+) passed", result.stdout)
    summary = {
        "client": who,
        "seconds": round(time.monotonic() - started),
        "exit": result.returncode,
        "cases": int(cases.group(1)) if cases else None,
        "cases_passed": int(cases.group(2)) if cases else None,
        **junit_figures(out / f"{who}.xml"),
    }
    report.write_text(json.dumps(summary, ensure_ascii=False), "utf-8")
    return summary


def junit_figures(path: Path) -> dict[str, object]:
    """Operations tested and failures from the JUnit report (one test case per operation)."""
    import xml.etree.ElementTree as ET  # noqa: S405 - a file schemathesis just wrote

    if not path.exists():
        return {"operations": 0, "failed_operations": -1}
    root = ET.parse(path).getroot()  # noqa: S314
    cases = list(root.iter("testcase"))
    failed = [c.get("name", "") for c in cases if c.find("failure") is not None]
    errors = [c.get("name", "") for c in cases if c.find("error") is not None]
    return {"operations": len(cases), "failed": failed, "errored": errors}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60, help="budget per client")
    parser.add_argument("--seed", type=int, default=20261203)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="huajie-fuzz-"))
    out = ROOT / "var" / "fuzz"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"sqlite:///{work / 'fuzz.sqlite3'}",
        "PYTHONUNBUFFERED": "1",
    }
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "seed_demo")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(  # noqa: S603
        [PY, "manage.py", "runserver", "--noreload", "--nothreading", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=(out / "server.log").open("w"),
        stderr=subprocess.STDOUT,
    )
    results = []
    try:
        wait_for(f"{base}/api/v1/schema/")
        for who in CLIENTS:
            figures = run_client(base, who, args.seconds, out, args.seed)
            results.append(figures)
            print(
                f"fuzz {who}: {figures['operations']} operations, {figures['cases']} cases "
                f"({figures['cases_passed']} passed) in {figures['seconds']} s, "
                f"failed {figures.get('failed')}, errored {figures.get('errored')}"
            )
    finally:
        server.terminate()
        server.wait(timeout=30)
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    server_errors = (out / "server.log").read_text("utf-8").count("Internal Server Error")
    (out / "summary.json").write_text(
        json.dumps({"clients": results, "server_errors_logged": server_errors}, indent=1), "utf-8"
    )
    print(f"server errors logged: {server_errors}; logs in {out}")
    bad = [r["client"] for r in results if r["exit"] != 0]
    if bad or server_errors:
        print(f"FAILED for {bad or 'the server log'}: see var/fuzz/<client>.log", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
