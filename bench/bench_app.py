"""Read-side benchmarks of one database: ledger, search, case page, overdue dashboard.

Run by bench/run.py with DATABASE_URL pointing at a prepared database (bench/prepare.py):

    python bench/bench_app.py --target pg-1m --json bench/results/app-pg-1m.json

Each figure is measured at two levels where both exist: the selector (the permission-scoped
queryset, evaluated for one 25-row page plus its count — what every screen and the API build on)
and the HTTP response rendered in-process by Django's test client (middleware, view, template or
serializer; no network). Median and p95 of `--repeats` runs after two warm-up runs.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

import django  # noqa: E402

django.setup()

from common import machine, summarize, write_json  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from huajie.orgs.models import User  # noqa: E402
from huajie.petitions import selectors  # noqa: E402
from huajie.petitions.models import Petition  # noqa: E402
from huajie.petitions.selectors import LedgerFilters  # noqa: E402

PAGE = 25
DEEP_PAGE = 1000  # rows 24,976–25,000: the same depth at every size


def _measure(fn: Callable[[], Any], repeats: int) -> dict[str, Any]:
    try:
        return _measure_or_fail(fn, repeats)
    except Exception as exc:  # a screen under construction must not stop the other figures
        return {"error": f"{type(exc).__name__}: {exc}"[:300]}


def _measure_or_fail(fn: Callable[[], Any], repeats: int) -> dict[str, Any]:
    fn()
    fn()
    samples = []
    seen: list[str] = []

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        seen.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        began = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - began) * 1000)
    for _ in range(repeats - 1):
        began = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - began) * 1000)
    out: dict[str, Any] = summarize(samples)
    out["queries"] = len(seen)
    return out


def _page(qs: Any, page: int = 1) -> Callable[[], Any]:
    def run() -> Any:
        start = (page - 1) * PAGE
        rows = list(qs[start : start + PAGE])
        return rows, qs.count()

    return run


def _get(client: Client, url: str, **extra: Any) -> Callable[[], Any]:
    def run() -> Any:
        response = client.get(url, **extra)
        if response.status_code != 200:
            raise RuntimeError(f"GET {url} answered {response.status_code}")
        return response

    return run


def pick_words() -> dict[str, Any]:
    """A common two-character word and a rare four-character one, by the share of cases whose
    text holds them (counted in the first 3,000 cases, so every database picks the same)."""
    sample = list(Petition.objects.order_by("id").values_list("title", "content")[:3000])
    n = len(sample) or 1
    holders: dict[str, int] = {}
    for title, content in sample:
        text = f"{title} {content}"
        seen = {text[i : i + 4] for i in range(len(text) - 3)}
        for word in seen:
            if all("\u4e00" <= ch <= "\u9fff" for ch in word):
                holders[word] = holders.get(word, 0) + 1
    common = "问题"
    common_share = sum(1 for t, c in sample if common in t or common in c) / n
    rare = sorted(
        (w for w, k in holders.items() if 0.003 <= k / n <= 0.008),
        key=lambda w: (abs(holders[w] / n - 0.005), w),
    )
    word = rare[0] if rare else "噪音扰民"
    return {
        "common": common,
        "common_share": round(common_share, 3),
        "rare": word,
        "rare_share": round(holders.get(word, 0) / n, 4),
    }


def run(repeats: int) -> dict[str, Any]:
    clerk = User.objects.get(username="clerk")
    leader = User.objects.get(username="leader")
    today = timezone.localdate()
    words = pick_words()
    category = (
        Petition.objects.exclude(category=None)
        .order_by("-id")
        .values_list("category__parent_id", flat=True)
        .first()
    )
    case_ids = list(
        selectors.petition_list_for_user(user=clerk).values_list("id", flat=True)[:4000:200]
    )
    filters = {
        "default": LedgerFilters(),
        "status": LedgerFilters(status="handling"),
        "class_category": LedgerFilters(petition_class="complaint", category=category),
        "overdue": LedgerFilters(clock="overdue"),
        "date_range": LedgerFilters(
            date_from=today.replace(day=1, month=1), date_to=today, channel="online"
        ),
        "search_common": LedgerFilters(q=words["common"]),
        "search_rare": LedgerFilters(q=words["rare"]),
        "next_due": LedgerFilters(sort="next_due"),
    }
    results: dict[str, Any] = {"words": words, "case_ids": case_ids[:5]}
    sel: dict[str, Any] = {}
    for name, f in filters.items():
        sel[f"ledger_{name}"] = _measure(
            _page(selectors.petition_list_for_user(user=clerk, filters=f)), repeats
        )
    sel["ledger_deep_page"] = _measure(
        _page(selectors.petition_list_for_user(user=clerk), DEEP_PAGE), repeats
    )
    sel["ledger_default_leader"] = _measure(
        _page(selectors.petition_list_for_user(user=leader)), repeats
    )
    cycle = iter(case_ids * (repeats + 5))
    sel["case_page"] = _measure(
        lambda: _case(selectors.petition_get_for_user(user=clerk, pk=next(cycle))), repeats
    )
    sel["overdue_summary"] = _measure(
        lambda: selectors.supervision_summary_for_user(user=leader, today=today), repeats
    )
    results["selector"] = sel

    web = Client()
    web.force_login(clerk)
    boss = Client()
    boss.force_login(leader)
    http: dict[str, Any] = {}
    http["ledger_default"] = _measure(_get(web, "/petitions/"), repeats)
    http["ledger_filtered"] = _measure(_get(web, "/petitions/?status=handling"), repeats)
    http["ledger_deep_page"] = _measure(_get(web, f"/petitions/?page={DEEP_PAGE}"), repeats)
    http["search_common"] = _measure(_get(web, "/petitions/", data={"q": words["common"]}), repeats)
    http["search_rare"] = _measure(_get(web, "/petitions/", data={"q": words["rare"]}), repeats)
    cycle2 = iter(case_ids * (repeats + 5))
    http["case_page"] = _measure(lambda: _get(web, f"/petitions/{next(cycle2)}/")(), repeats)
    http["overdue_dashboard"] = _measure(_get(boss, "/petitions/supervision/"), repeats)
    http["overdue_dashboard_deep"] = _measure(
        _get(
            boss,
            "/petitions/supervision/",
            data={"clock": "overdue", "group": "leader", "page": 20},
        ),
        repeats,
    )
    api = Client()
    api.force_login(clerk)
    http["api_list"] = _measure(_get(api, "/api/v1/petitions/"), repeats)
    http["api_search_common"] = _measure(
        _get(api, "/api/v1/petitions/", data={"q": words["common"]}), repeats
    )
    cycle3 = iter(case_ids * (repeats + 5))
    http["api_case"] = _measure(lambda: _get(api, f"/api/v1/petitions/{next(cycle3)}/")(), repeats)
    http["api_register"] = _measure(_register(api), max(5, repeats // 2))
    http["export_100k"] = _export(boss)
    results["http"] = http
    return results


def _export(client: Client) -> dict[str, Any]:
    """The ledger export (imports app) of the newest ~100,000 cases, as the county leader: one
    timed run (it takes seconds), the response streamed to the end."""
    edge = (
        Petition.objects.order_by("-received_on", "-id")
        .values_list("received_on", flat=True)[99_999:100_000]
        .first()
    )
    url = "/imports/export.xlsx" + (f"?date_from={edge.isoformat()}" if edge else "")
    try:
        began = time.perf_counter()
        response = client.get(url)
        chunks: Any = (
            getattr(response, "streaming_content") if response.streaming else [response.content]  # noqa: B009
        )
        size = sum(len(chunk) for chunk in chunks)
        seconds = time.perf_counter() - began
    except Exception as exc:  # the export belongs to another app; report, do not stop
        return {"error": f"{type(exc).__name__}: {exc}"[:300]}
    if response.status_code != 200:
        return {"error": f"GET {url} answered {response.status_code}"}
    rows = Petition.objects.filter(received_on__gte=edge).count() if edge else None
    return {"seconds": round(seconds, 1), "bytes": size, "rows_about": rows, "url": url}


def _register(client: Client) -> Callable[[], Any]:
    """One registration through the API, in-process (the like-for-like of the peer's create)."""
    counter = iter(range(10**9))

    def run() -> Any:
        i = next(counter)
        body = {
            "channel": "visit",
            "petition_class": "complaint",
            "title": f"新登记事项{i}",
            "content": "小区电梯多次故障无人维修，老人上下楼十分困难，请求督促物业尽快维修。",
            "received_on": timezone.localdate().isoformat(),
            "petitioners": [{"name": "王建国", "phone": f"138{i % 10**8:08d}"}],
        }
        response = client.post("/api/v1/petitions/", body, content_type="application/json")
        if response.status_code != 201:
            raise RuntimeError(
                f"register answered {response.status_code}: {response.content[:300]!r}"
            )
        return response

    return run


def _case(petition: Petition) -> Petition:
    list(petition.parties.all())
    list(petition.events.all())
    list(petition.clocks.all())
    return petition


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--target", required=True)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--json", required=True)
    args = parser.parse_args()
    began = time.perf_counter()
    data = {
        "target": args.target,
        "vendor": connection.vendor,
        "cases": Petition.objects.count(),
        "repeats": args.repeats,
        "machine": machine(),
        **run(args.repeats),
    }
    data["seconds"] = round(time.perf_counter() - began, 1)
    write_json(Path(args.json).stem, data)
    print(f"{args.target}: done in {data['seconds']}s")


if __name__ == "__main__":
    main()
