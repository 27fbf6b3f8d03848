"""Precision and recall of the duplicate-candidate generator on the public message sample.

    .venv/bin/python bench/eval_duplicates.py [--xlsx PATH] [--json PATH] [--show N]

Reads messages_with_votes_4326.xlsx with openpyxl (no import app, no database) and runs, in
memory, exactly what a lookup does: word set → MinHash signature → LSH buckets → the ids sharing a
bucket (most shared bands first, at most MAX_BUCKET_HITS) → rerank by estimated Jaccard → keep
those ≥ threshold, top 5. Every message is looked up once against all the others; the proposed
pairs are compared with three ground truths:

- detail: identical 留言详情 after removing all whitespace (the known exact duplicates);
- title: identical 留言主题 after removing all whitespace;
- near-dup: character 5-gram Jaccard of the 留言详情 ≥ 0.5, computed over every pair without
  jieba or MinHash — an independent "almost the same text" truth, since an exact-duplicate truth
  counts every lightly edited repost as a false positive.
"""

from __future__ import annotations

import argparse
import itertools
import json
import platform
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from huajie.similarity import minhash, text  # noqa: E402
from huajie.similarity.sample_data import MESSAGES_4326, Message, read_messages, squeeze  # noqa: E402

THRESHOLDS = [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]
LIMIT = 5
GRAM = 5
NEAR_DUP_JACCARD = 0.5
MAX_GRAM_DF = 50  # a 5-gram in more messages than this is boilerplate ("尊敬的领导"), not evidence

Pair = tuple[int, int]


def _pair(a: int, b: int) -> Pair:
    return (a, b) if a < b else (b, a)


def exact_pairs(keys: list[str]) -> set[Pair]:
    groups: dict[str, list[int]] = defaultdict(list)
    for i, key in enumerate(keys):
        if key:
            groups[key].append(i)
    return {_pair(a, b) for g in groups.values() for a, b in itertools.combinations(g, 2)}


def near_duplicate_pairs(details: list[str]) -> set[Pair]:
    grams = [{d[i : i + GRAM] for i in range(len(d) - GRAM + 1)} for d in details]
    postings: dict[str, list[int]] = defaultdict(list)
    for i, gs in enumerate(grams):
        for g in gs:
            postings[g].append(i)
    shared: Counter[Pair] = Counter()
    for docs in postings.values():
        if len(docs) <= MAX_GRAM_DF:
            for a, b in itertools.combinations(docs, 2):
                shared[(a, b)] += 1
    out = set()
    for (a, b), n in shared.items():
        union = len(grams[a]) + len(grams[b]) - n
        if union and n / union >= NEAR_DUP_JACCARD:
            out.add((a, b))
    return out


def lookups(messages: list[Message]) -> tuple[dict[Pair, float], dict[str, float]]:
    """Best score of every pair some lookup proposed (before the threshold) and timings."""
    t0 = time.perf_counter()
    sigs = [minhash.signature(text.analyse(m.title, m.content).shingles) for m in messages]
    t1 = time.perf_counter()
    index: dict[int, list[int]] = defaultdict(list)
    all_buckets = [minhash.buckets(s) for s in sigs]
    for i, buckets in enumerate(all_buckets):
        for b in buckets:
            index[b].append(i)
    proposed: dict[Pair, float] = {}
    for i, buckets in enumerate(all_buckets):
        bands: Counter[int] = Counter(j for b in buckets for j in index[b] if j != i)
        hits = sorted(bands, key=lambda j: (-bands[j], -j))[: minhash.MAX_BUCKET_HITS]
        scored = sorted(((minhash.similarity(sigs[i], sigs[j]), j) for j in hits), reverse=True)
        for score, j in scored[:LIMIT]:
            proposed[_pair(i, j)] = max(score, proposed.get(_pair(i, j), 0.0))
    t2 = time.perf_counter()
    timing = {
        "analyse_ms_per_message": round((t1 - t0) / len(messages) * 1000, 3),
        "lookup_ms_per_message_in_memory": round((t2 - t1) / len(messages) * 1000, 3),
    }
    return proposed, timing


def pr(predicted: set[Pair], truth: set[Pair]) -> dict[str, float]:
    hit = len(predicted & truth)
    return {
        "precision": round(hit / len(predicted), 3) if predicted else 1.0,
        "recall": round(hit / len(truth), 3) if truth else 1.0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--xlsx", type=Path, default=MESSAGES_4326)
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--show", type=int, default=0, help="print N false positives at 0.5")
    args = parser.parse_args()

    messages = read_messages(args.xlsx)
    truths = {
        "detail": exact_pairs([squeeze(m.content) for m in messages]),
        "title": exact_pairs([squeeze(m.title) for m in messages]),
        "near_dup": near_duplicate_pairs([squeeze(m.content) for m in messages]),
    }
    proposed, timing = lookups(messages)
    rows = []
    for threshold in THRESHOLDS:
        predicted = {p for p, s in proposed.items() if s >= threshold}
        row: dict[str, object] = {"threshold": threshold, "pairs": len(predicted)}
        for name, truth in truths.items():
            row[name] = pr(predicted, truth)
        rows.append(row)

    print(f"{len(messages)} messages; ground-truth pairs:", {k: len(v) for k, v in truths.items()})
    print(
        "| threshold | pairs | detail P | detail R | title P | title R | near-dup P | near-dup R |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for row in rows:
        cells = [f"{row['threshold']:.1f}", str(row["pairs"])]
        for name in truths:
            m = row[name]
            assert isinstance(m, dict)
            cells += [f"{m['precision']:.3f}", f"{m['recall']:.3f}"]
        print("| " + " | ".join(cells) + " |")
    print(timing)

    if args.show:
        chosen = {p for p, s in proposed.items() if s >= minhash.SIMILAR}
        for a, b in sorted(chosen - truths["near_dup"] - truths["detail"])[: args.show]:
            print(f"- {proposed[(a, b)]:.2f} | {messages[a].title} | {messages[b].title}")

    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        result = {
            "file": args.xlsx.name,
            "messages": len(messages),
            "truth_pairs": {k: len(v) for k, v in truths.items()},
            "parameters": {
                "num_perm": minhash.NUM_PERM,
                "bands": minhash.BANDS,
                "rows": minhash.ROWS,
                "limit": LIMIT,
                "chosen_threshold": minhash.SIMILAR,
            },
            "rows": rows,
            "timing": timing,
            "machine": f"{platform.node()} {platform.machine()} python {platform.python_version()}",
        }
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n")


if __name__ == "__main__":
    main()
