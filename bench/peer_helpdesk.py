"""Side by side: the same list, search and create against django-helpdesk (PyPI `django-helpdesk`).

Everything of the peer lives under var/peer/ (gitignored) and is made at run time: a virtual
environment with django-helpdesk installed from PyPI, a minimal Django project written by this
script (settings, urls, the measuring script), and one database per target holding as many
tickets as Huajie's database holds cases (SQLite var/peer/helpdesk-<size>.sqlite3, PostgreSQL
huajie_peer_<size>), loaded once with bulk_create. None of its code is committed.

Measured in-process with Django's test client and a logged-in staff user, like Huajie's figures:
- list: its ticket list page, and the JSON its data table loads (default query: open tickets,
  newest first, 25 rows) — the page a person waits for;
- search: the same data table with a search string (its search: an OR of `icontains` over ten
  expressions), over all tickets;
- create: POST of its staff ticket form (`/tickets/submit/`), one at a time.

    python bench/peer_helpdesk.py --target pg-1m --json bench/results/peer-pg-1m.json
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import textwrap
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import PG_HOST, ROOT, SIZES, Target, machine, read_json, write_json  # noqa: E402

PEER = ROOT / "var" / "peer"
VENV = PEER / "venv"
PROJECT = PEER / "project"
VERSION = "2.6.1"

SETTINGS = """
import os
SECRET_KEY = "peer-benchmark-only"
DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1"]
INSTALLED_APPS = [
    "django.contrib.admin", "django.contrib.auth", "django.contrib.contenttypes",
    "django.contrib.sessions", "django.contrib.messages", "django.contrib.staticfiles",
    "django.contrib.sites", "django.contrib.humanize", "rest_framework", "helpdesk",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
ROOT_URLCONF = "peer_urls"
TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [], "APP_DIRS": True,
    "OPTIONS": {"context_processors": [
        "django.template.context_processors.request",
        "django.contrib.auth.context_processors.auth",
        "django.contrib.messages.context_processors.messages",
    ]},
}]
url = os.environ["PEER_DATABASE_URL"]
if url.startswith("sqlite:///"):
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": url[10:],
                             "OPTIONS": {"init_command": "PRAGMA journal_mode=WAL;"}}}
else:
    rest = url.split("://", 1)[1]
    userhost, name = rest.rsplit("/", 1)
    user, hostport = userhost.split("@")
    host, port = hostport.split(":")
    DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": name,
                             "USER": user, "HOST": host, "PORT": port}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
SITE_ID = 1
USE_TZ = True
TIME_ZONE = "Asia/Shanghai"
STATIC_URL = "/static/"
LOGIN_URL = "/helpdesk/login/"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
HELPDESK_TEAMS_MODE_ENABLED = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
"""

URLS = """
from django.urls import include, path
urlpatterns = [path("helpdesk/", include("helpdesk.urls", namespace="helpdesk"))]
"""

BENCH = '''
"""Runs inside var/peer/venv: load tickets once, then measure list, search and create."""
import base64, json, os, random, statistics, sys, time
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peer_settings")
django.setup()
from datetime import timedelta
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.utils import timezone
from helpdesk.models import Queue, Ticket

cases, repeats = int(sys.argv[1]), int(sys.argv[2])
words, sentences_file = json.loads(sys.argv[3]), sys.argv[4]
rng = random.Random(7)
try:
    sentences = [s[0] for m in json.load(open(sentences_file, encoding="utf-8")) for s in m[1:]]
    titles = [m[0][0] for m in json.load(open(sentences_file, encoding="utf-8"))]
except OSError:
    sentences = ["小区电梯多次故障无人维修，老人上下楼十分困难。", "某工地拖欠农民工工资三个月。"]
    titles = ["电梯故障", "拖欠工资"]

User = get_user_model()
admin = User.objects.filter(username="peer_admin").first()
if admin is None:
    admin = User.objects.create_superuser("peer_admin", "admin@example.com", "peer-pass-1")
queue, _ = Queue.objects.get_or_create(
    slug="petitions", defaults={"title": "信访", "email_address": "q@example.com"}
)

def text():
    target, out = rng.randint(100, 400), []
    total = 0
    while total < target:
        s = rng.choice(sentences); out.append(s); total += len(s)
    return "".join(out)[:400]

have = Ticket.objects.count()
load = {}
if have < cases:
    began = time.perf_counter()
    now = timezone.now()
    statuses = [1] * 12 + [2] * 2 + [3] * 20 + [4] * 66
    batch = []
    for i in range(cases - have):
        created = now - timedelta(seconds=rng.randint(0, 3 * 365 * 86400))
        batch.append(Ticket(
            title=rng.choice(titles)[:200], queue=queue, created=created, modified=created,
            submitter_email=f"p{i}@example.com", status=rng.choice(statuses),
            description=text(), priority=rng.randint(1, 5),
            secret_key=f"{rng.getrandbits(40):010x}",
        ))
        if len(batch) == 5000:
            Ticket.objects.bulk_create(batch); batch = []
    if batch:
        Ticket.objects.bulk_create(batch)
    if connection.vendor == "postgresql":
        with connection.cursor() as c:
            c.execute("VACUUM ANALYZE helpdesk_ticket")
    load = {"tickets_loaded": cases - have, "load_s": round(time.perf_counter() - began, 1)}

client = Client()
client.force_login(admin)

def measure(fn, n):
    fn(); fn()
    samples = []
    seen = []
    def counted(execute, sql, params, many, context):
        seen.append(sql)
        return execute(sql, params, many, context)
    with connection.execute_wrapper(counted):
        t = time.perf_counter(); fn(); samples.append((time.perf_counter() - t) * 1000)
    for _ in range(n - 1):
        t = time.perf_counter(); fn(); samples.append((time.perf_counter() - t) * 1000)
    samples.sort()
    return {"n": len(samples), "median_ms": round(statistics.median(samples), 2),
            "p95_ms": round(samples[min(len(samples) - 1, max(0, round(0.95 * len(samples)) - 1))],
                            2),
            "queries": len(seen)}

def get(url):
    def run():
        r = client.get(url)
        assert r.status_code == 200, (url, r.status_code, r.content[:300])
    return run

def table(query):
    b64 = base64.b64encode(json.dumps(query).encode()).decode()
    return f"/helpdesk/datatables_ticket_list/{b64}?draw=1&start=0&length=25"

default = {"filtering": {"status__in": [1, 2]}, "filtering_null": {}, "sorting": "created",
           "sortreverse": True, "search_string": ""}
out = {"tickets": Ticket.objects.count(), **load}
out["list_page"] = measure(get("/helpdesk/tickets/"), repeats)
out["list_data"] = measure(get(table(default)), repeats)
for name, word in (("search_common", words["common"]), ("search_rare", words["rare"])):
    q = dict(default, filtering={}, search_string=word)
    out[name] = measure(get(table(q)), max(3, repeats // 4))

counter = iter(range(10**9))
def create():
    i = next(counter)
    r = client.post("/helpdesk/tickets/submit/", {
        "queue": queue.pk, "title": f"新登记事项{i}", "body": text(), "priority": 3,
        "submitter_email": f"new{i}@example.com", "due_date": "",
    })
    assert r.status_code in (200, 302), (r.status_code, r.content[:500])
    if r.status_code == 200:
        raise AssertionError(r.content.decode()[:800])
out["create"] = measure(create, repeats)
print("PEER_RESULT " + json.dumps(out))
'''


def ensure_venv() -> Path:
    python = VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)  # noqa: S603
    check = subprocess.run(  # noqa: S603
        [str(python), "-c", "import helpdesk, psycopg"], capture_output=True, check=False
    )
    if check.returncode != 0:
        subprocess.run(  # noqa: S603
            [
                str(python), "-m", "pip", "install", "-q",
                f"django-helpdesk=={VERSION}", "psycopg[binary]",
            ],
            check=True,
        )  # fmt: skip
    return python


def write_project() -> None:
    PROJECT.mkdir(parents=True, exist_ok=True)
    (PROJECT / "peer_settings.py").write_text(textwrap.dedent(SETTINGS), encoding="utf-8")
    (PROJECT / "peer_urls.py").write_text(textwrap.dedent(URLS), encoding="utf-8")
    (PROJECT / "peer_bench.py").write_text(BENCH, encoding="utf-8")


def database_url(target: Target) -> str:
    if target.vendor == "sqlite":
        return f"sqlite:///{PEER / f'helpdesk-{target.size}.sqlite3'}"
    import psycopg

    name = f"huajie_peer_{target.size}"
    with psycopg.connect(f"{PG_HOST}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    return f"{PG_HOST}/{name}"


def run(target: Target, *, repeats: int, words: dict[str, str]) -> dict[str, object]:
    python = ensure_venv()
    write_project()
    env = {"PEER_DATABASE_URL": database_url(target), "PATH": "/usr/bin:/bin"}
    subprocess.run(  # noqa: S603
        [str(python), "-c", "import django,sys;sys.argv=['m','migrate','-v','0'];"
         "import os;os.environ['DJANGO_SETTINGS_MODULE']='peer_settings';"
         "from django.core.management import execute_from_command_line as e;e(sys.argv)"],
        cwd=PROJECT, env=env, check=True,
    )  # fmt: skip
    cache = sorted((ROOT / "var" / "cache").glob("messages-*.json"))
    import json

    done = subprocess.run(  # noqa: S603
        [
            str(python), "peer_bench.py", str(target.cases), str(repeats),
            json.dumps(words, ensure_ascii=False), str(cache[-1]) if cache else "",
        ],
        cwd=PROJECT, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    for line in done.stdout.splitlines():
        if line.startswith("PEER_RESULT "):
            result: dict[str, object] = json.loads(line[len("PEER_RESULT ") :])
            return result
    raise RuntimeError(f"peer benchmark failed:\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--target", required=True, help="e.g. pg-1m, sqlite-100k")
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--json", required=True)
    args = parser.parse_args()
    vendor, size = args.target.split("-")
    assert size in SIZES
    target = Target("postgresql" if vendor == "pg" else "sqlite", size)
    app = read_json(f"app-{args.target}") or {}
    words = app.get("words") or {"common": "问题", "rare": "噪音扰民"}
    data = {
        "target": args.target,
        "peer": f"django-helpdesk {VERSION}",
        "machine": machine(),
        "words": words,
        **run(target, repeats=args.repeats, words=words),
    }
    write_json(Path(args.json).stem, data)
    print(f"{args.target}: peer done")


if __name__ == "__main__":
    main()
