"""Write the results tables into docs/performance.md (between the bench markers) from
bench/results/*.json. Run by bench/run.py; safe to run alone after any partial run."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ROOT, read_json  # noqa: E402

DOC = ROOT / "docs" / "performance.md"
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"
TARGETS = ["pg-100k", "pg-1m", "sqlite-100k", "sqlite-1m"]
PENDING = "pending"

# (label, section, key, target at 1M on PostgreSQL in ms, or None)
ROWS: list[tuple[str, str, str, float | None]] = [
    ("Ledger, default page (web)", "http", "ledger_default", 100),
    ("Ledger, default page (selector)", "selector", "ledger_default", 100),
    ("Ledger, county leader's default page (selector)", "selector", "ledger_default_leader", 100),
    ("Ledger, status filter (web)", "http", "ledger_filtered", 100),
    ("Ledger, status filter (selector)", "selector", "ledger_status", 100),
    ("Ledger, class + category (selector)", "selector", "ledger_class_category", 100),
    ("Ledger, overdue filter (selector)", "selector", "ledger_overdue", 100),
    ("Ledger, this year online (selector)", "selector", "ledger_date_range", 100),
    ("Ledger, sorted by next due date (selector)", "selector", "ledger_next_due", 100),
    ("Ledger, page 1000 (web)", "http", "ledger_deep_page", 100),
    ("Ledger, page 1000 (selector)", "selector", "ledger_deep_page", 100),
    ("Search, common 2-char word (web)", "http", "search_common", 100),
    ("Search, common 2-char word (selector)", "selector", "ledger_search_common", 100),
    ("Search, rare 4-char word (web)", "http", "search_rare", 100),
    ("Search, rare 4-char word (selector)", "selector", "ledger_search_rare", 100),
    ("API list (`/api/v1/petitions/`)", "http", "api_list", 100),
    ("API search, common word", "http", "api_search_common", 100),
    ("Case page (web)", "http", "case_page", 50),
    ("Case page (selector)", "selector", "case_page", 50),
    ("Case page (API)", "http", "api_case", 50),
    ("Overdue dashboard (web `/petitions/supervision/`)", "http", "overdue_dashboard", 200),
    (
        "Overdue dashboard, page 20 of the overdue list by leader (web)",
        "http",
        "overdue_dashboard_deep",
        200,
    ),
    ("Overdue dashboard, counts by unit and leader (selector)", "selector", "overdue_summary", 200),
    ("Registration, one API call in-process", "http", "api_register", None),
]


def _cell(entry: dict[str, Any] | None) -> str:
    if not entry:
        return PENDING
    if "error" in entry:
        return "error"
    return f"{entry['median_ms']:g} / {entry['p95_ms']:g}"


def _p95(entry: dict[str, Any] | None) -> float | None:
    if not entry or "p95_ms" not in entry:
        return None
    return float(entry["p95_ms"])


def _ratio(a: float | None, b: float | None) -> str:
    if a is None or b is None or b == 0:
        return "–"
    return f"{a / b:.1f}×"


def app_table(apps: dict[str, Any]) -> list[str]:
    head = "| operation | " + " | ".join(TARGETS) + " | 1M/100k (PG, p95) | target (PG 1M, p95) |"
    lines = [head, "|" + "---|" * (len(TARGETS) + 3)]
    for label, section, key, target in ROWS:
        cells = [_cell((apps.get(t) or {}).get(section, {}).get(key)) for t in TARGETS]
        small = _p95((apps.get("pg-100k") or {}).get(section, {}).get(key))
        big = _p95((apps.get("pg-1m") or {}).get(section, {}).get(key))
        if target is None:
            verdict = "–"
        elif big is None:
            verdict = f"≤ {target:g} ms: {PENDING}"
        else:
            verdict = f"≤ {target:g} ms: {'met' if big <= target else '**missed**'}"
        lines.append(f"| {label} | " + " | ".join(cells) + f" | {_ratio(big, small)} | {verdict} |")
    return lines


def register_table() -> list[str]:
    lines = [
        "| target | registrations/s | median / p95 ms | clients × workers | errors | target |",
        "|---|---|---|---|---|---|",
    ]
    for t in TARGETS:
        r = read_json(f"register-{t}")
        if not r:
            lines.append(f"| {t} | {PENDING} | | | | ≥ 200/s |")
            continue
        ok = "met" if r["per_second"] >= 200 else "**missed**"
        lat = f"{r.get('median_ms', '–')} / {r.get('p95_ms', '–')}"
        lines.append(
            f"| {t} | {r['per_second']} | {lat} | {r['clients']} × {r['workers']} | "
            f"{r['errors']} | ≥ 200/s: {ok if t.startswith('pg') else '(PG only)'} |"
        )
    return lines


def peer_table(apps: dict[str, Any]) -> list[str]:
    ops = [
        (
            "List, data of the default page (its table JSON / our API)",
            "list_data",
            ("http", "api_list"),
        ),
        (
            "List, the page a person waits for (its shell + JSON / our web ledger)",
            "list_both",
            ("http", "ledger_default"),
        ),
        ("Search, common word", "search_common", ("http", "api_search_common")),
        ("Search, rare word", "search_rare", ("http", "search_rare")),
        ("Create (one, in-process)", "create", ("http", "api_register")),
    ]
    lines = [
        "| operation | "
        + " | ".join(f"{t}: helpdesk p95 / Huajie p95 = ratio" for t in TARGETS)
        + " |",
        "|" + "---|" * (len(TARGETS) + 1),
    ]
    for label, peer_key, (section, key) in ops:
        cells = []
        for t in TARGETS:
            peer_run = read_json(f"peer-{t}") or {}
            peer = peer_run.get(peer_key)
            if peer_key == "list_both" and peer_run.get("list_page") and peer_run.get("list_data"):
                peer = {"p95_ms": peer_run["list_page"]["p95_ms"] + peer_run["list_data"]["p95_ms"]}
            ours = (apps.get(t) or {}).get(section, {}).get(key)
            a, b = _p95(peer), _p95(ours)
            if a is None or b is None:
                cells.append(PENDING)
            else:
                ratio = a / b
                shown = f"{ratio:.0f}" if ratio >= 10 else f"{ratio:.1f}"
                cells.append(f"{a:g} / {b:g} = **{shown}×**")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    queries = []
    for t in TARGETS:
        peer = read_json(f"peer-{t}") or {}
        if peer.get("list_data"):
            queries.append(f"{t}: {peer['list_data'].get('queries')} queries")
    if queries:
        lines.append("")
        lines.append("Queries for one page of the peer's ticket table: " + "; ".join(queries) + ".")
    return lines


def generation_table() -> list[str]:
    lines = [
        "| target | cases | seconds (end to end) | cases/s | of which |",
        "|---|---|---|---|---|",
    ]
    for t in TARGETS:
        g = read_json(f"generate-{t}")
        if not g:
            lines.append(f"| {t} | {PENDING} | | | |")
            continue
        output = g.get("output", [])
        parts = next((line for line in output if line.startswith("of which:")), "")
        load = (g.get("machine") or {}).get("load_average")
        note = parts[len("of which:") :].strip() + (f"; load average {load}" if load else "")
        lines.append(
            f"| {t} | {g['generated']:,} | {g['generate_s']} | {g['cases_per_s']:,} | {note} |"
        )
    return lines


def others(apps: dict[str, Any]) -> list[str]:
    lines = []
    deadlines = read_json("deadlines")
    if deadlines:
        lines.append(
            f"- Deadline computation (`bench/bench_deadlines.py`): "
            f"{deadlines.get('per_second_median', 0):,} computations/s (median of "
            f"{deadlines.get('repeats', '?')} repeats; target 200,000/s)."
        )
    else:
        lines.append(f"- Deadline computation: {PENDING}.")
    exports = []
    for t in TARGETS:
        e = (apps.get(t) or {}).get("http", {}).get("export_100k")
        if e and "seconds" in e:
            exports.append(f"{t} {e['seconds']} s ({e.get('rows_about') or '?':,} rows)")
        elif e:
            exports.append(f"{t} error")
    lines.append(
        "- Excel export of the newest ~100,000 cases (`/imports/export.xlsx`, one run, county "
        "leader): " + ("; ".join(exports) if exports else PENDING) + "."
    )
    export = read_json("export")
    if export:
        lines.append(
            f"- The imports app's own export benchmark (`bench/bench_export.py`, "
            f"{export.get('cases', '?'):,} cases, SQLite): "
            f"median {export.get('median_seconds')} s, "
            f"peak RSS {export.get('peak_rss_mb')} MB."
        )
    duplicates = read_json("duplicates") or {}
    for name, run in duplicates.items():
        lookup = run.get("lookup", {}) if isinstance(run, dict) else {}
        if lookup:
            lines.append(
                f"- Duplicate lookup (`bench/bench_duplicates.py`, {name}): median "
                f"{lookup.get('median_ms')} ms, p95 {lookup.get('p95_ms')} ms over "
                f"{lookup.get('queries')} lookups."
            )
    if not duplicates:
        lines.append(f"- Duplicate lookup: {PENDING}.")
    return lines


def machine_line(apps: dict[str, Any]) -> str:
    for t in TARGETS:
        m = (apps.get(t) or {}).get("machine")
        if m:
            return (
                f"Machine: {m['cpu']}, {m['cores']} cores, {m['ram_gib']} GiB RAM, {m['os']}, "
                f"Python {m['python']}; run {m['date']}; load average at the start of the "
                f"{t} run: {m['load_average']}."
            )
    return "Machine: " + PENDING


def main() -> None:
    apps = {t: read_json(f"app-{t}") for t in TARGETS}
    words = next((a["words"] for a in apps.values() if a and a.get("words")), None)
    body = [
        machine_line(apps),
        "",
        "Each cell: median / p95 in milliseconds (p95 of 20 runs after 2 warm-up runs).",
    ]
    if words:
        rare = ", ".join(
            f"{t}: “{a['words']['rare']}” ({a['words']['rare_share']:.2%})"
            for t, a in apps.items()
            if a and a.get("words")
        )
        body.append(
            f"Search words: common “{words['common']}” (in {words['common_share']:.0%} of cases); "
            f"rare four-character words, picked per database at ~0.5% of cases: {rare}."
        )
    body += ["", "### Huajie", "", *app_table(apps), "", "### Registration through the API", ""]
    body += [*register_table(), "", "### Side by side with django-helpdesk", "", *peer_table(apps)]
    body += ["", "### Generating the data", "", *generation_table()]
    body += ["", "### Other", "", *others(apps)]
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else f"# Performance\n\n{BEGIN}\n{END}\n"
    if BEGIN not in text:
        text += f"\n{BEGIN}\n{END}\n"
    before, rest = text.split(BEGIN, 1)
    _, after = rest.split(END, 1)
    DOC.write_text(before + BEGIN + "\n" + "\n".join(body) + "\n" + END + after, encoding="utf-8")
    print(f"wrote {DOC.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
