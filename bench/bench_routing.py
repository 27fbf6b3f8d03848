"""Routing model at scale: training time on N cases, model load time, and one suggestion's time.

    python bench/bench_routing.py --cases 100000 --name routing-100k

The cases are made from the real public messages in ../shared/data (never copied into the
repository): each synthetic case is one of the 7,142 messages with some of its clauses dropped;
its category (of 650) is the first of 650 character bigrams its text contains, its unit (of 40)
follows the category, so the classes are learnable from the text as real ones are. This
measures the engine (`huajie.routing.engine`) as `train_router` runs it; reading the cases
from the database is a separate, linear cost.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

import django  # noqa: E402

django.setup()

import joblib  # noqa: E402
import numpy as np  # noqa: E402

from huajie.routing import engine, store  # noqa: E402
from huajie.routing.sheets import read_labelled  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
CLAUSE = re.compile(r"(?<=[，。；！？])")


def shared() -> Path:
    for candidate in (ROOT.parent / "shared" / "data", ROOT.parent.parent / "shared" / "data"):
        if candidate.is_dir():
            return candidate / "public-messages"
    raise SystemExit("../shared/data not found (see its README)")


def messages() -> list[tuple[str, str]]:
    out = []
    for name in ("messages_with_votes_4326.xlsx", "messages_with_replies_2816.xlsx"):
        rows, _ = read_labelled(shared() / name, text_column="留言详情", label_column="留言编号")
        out += [(r.title, r.text) for r in rows]
    return out


def cases(n: int, seed: int = 0) -> tuple[list[str], list[str], list[str]]:
    """n cases; a case's category is the first of 650 mid-frequency character bigrams that its
    text contains (so it is learnable from the text, as a real category is), its unit follows
    its category (40 units)."""
    rnd = random.Random(seed)
    source = messages()
    counts: Counter[str] = Counter()
    for _title, text in source:
        # dict, not set: the same order in every process (a set's follows the string hash seed)
        counts.update(dict.fromkeys(text[i : i + 2] for i in range(len(text) - 1)).keys())
    mid = [
        g for g, c in counts.most_common() if 40 <= c <= 400 and not any(ch in g for ch in "，。 ")
    ]
    keys = mid[:: max(1, len(mid) // 650)][:650]
    docs: list[str] = []
    cats: list[str] = []
    units: list[str] = []
    while len(docs) < n:
        title, text = source[rnd.randrange(len(source))]
        clauses = [c for c in CLAUSE.split(text) if c]
        kept = "".join(c for c in clauses if rnd.random() > 0.3) or text
        label = next((k for k in keys if k in title + kept), None)
        if label is None:
            continue
        docs.append(engine.document(title, kept))
        cats.append(label)
        units.append(str(keys.index(label) % 40))
    return docs, cats, units


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--name", default="routing")
    args = parser.parse_args()
    docs, cats, units = cases(args.cases)
    load_before = os.getloadavg()[0]
    started, cpu = time.perf_counter(), time.process_time()
    router = engine.train(docs, {"category": cats, "unit": units})
    train_s, train_cpu = time.perf_counter() - started, time.process_time() - cpu
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "router.joblib"
        store.dump(router, path)
        size = path.stat().st_size
        started = time.perf_counter()
        loaded = joblib.load(path)
        load_s = time.perf_counter() - started
    rnd = random.Random(1)
    times = []
    for _ in range(300):
        doc = docs[rnd.randrange(len(docs))]
        started = time.perf_counter()
        loaded.rank("category", doc[:60], doc[60:], k=10)
        loaded.rank("unit", doc[:60], doc[60:], k=13)
        times.append((time.perf_counter() - started) * 1000)
    result = {
        "cases": args.cases,
        "categories": len(set(cats)),
        "units": len(set(units)),
        "train_seconds": round(train_s, 1),
        "train_cpu_seconds": round(train_cpu, 1),
        "weights": {name: int(head.coef.nnz) for name, head in router.heads.items()},
        "vocabulary": router.features.size,
        "model_bytes": size,
        "load_seconds": round(load_s, 3),
        "suggest_ms_p50": round(float(np.percentile(times, 50)), 2),
        "suggest_ms_p95": round(float(np.percentile(times, 95)), 2),
        "holdout": {
            name: {k: head.get("holdout", {}).get(k) for k in ("accuracy", "top3", "macro_f1")}
            for name, head in router.report["heads"].items()
        },
    }
    result["machine"] = (
        f"{os.cpu_count()} cores, shared: load average {load_before:.1f} before training, "
        f"{os.getloadavg()[0]:.1f} after"
    )
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{args.name}.json").write_text(json.dumps(result, indent=1) + "\n")
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
