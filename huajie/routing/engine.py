"""The text classifier behind routing suggestions: plain scikit-learn, no Django, no network.

A case's text (its summary weighted three times, then its content) becomes character 1–2-gram
TF-IDF features (`features.CharGrams`), shared by two heads: the category and the competent
unit. Each head is one-vs-rest linear SVMs (liblinear), one binary problem per class, fitted
on two threads; its decision scores become confidences through a softmax whose temperature is
fitted on held-out cases, so "80%" means about 80% right on cases like these.

What is kept of a head is small: per class only the largest weights carrying 95% of the
weight vector's squared norm (a few per cent of the features; macro-F1 unchanged, see
docs/routing.md), as one float32 sparse matrix features × classes, so a model of ~650
categories loads in well under a second and scores a text with one sparse product.

Chinese text has no spaces: character n-grams need no word cut and, on the public messages, did
better than jieba words (see docs/routing.md for the figures). Prior knowledge — the category
tree's names and the admin's keywords — joins the training set as short extra documents, which
helps classes with few cases; it is never scored.
"""

from __future__ import annotations

import math
import re
import time
import warnings
from collections import Counter
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix, vstack
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import accuracy_score, confusion_matrix, f1_score
from sklearn.model_selection import StratifiedKFold, train_test_split
from sklearn.svm import LinearSVC

from .features import CharGrams

FORMAT = 2
TITLE_WEIGHT = 3
MIN_TEXT_CHARS = 2  # an empty or one-character text gets no suggestion
MIN_CLASS_EXAMPLES = 2  # a class seen once cannot be learnt nor checked
KEEP_NORM = 0.95  # share of each class's squared weight norm kept in the model file
# Negatives per class's binary problem above which they are sampled: the confusable ones and
# a random share of the rest, weighted back up (`_binary`).
MAX_NEGATIVES = 8_000
# ... or more for a head of few classes: this many negatives over all of a head's classes.
HEAD_NEGATIVES = 2_000_000
NEAREST_CLASSES = 10  # a case is a confusable negative of its 10 nearest classes' centroids
CENTROID_KEEP = 2_000  # weights kept per class centroid for that nearness
CHUNK_ROWS = 5_000
DENSE_CONFUSION = 30  # classes up to which a report keeps the whole confusion matrix
MIXUPS_KEPT = 200  # above that, its largest off-diagonal cells
HOLDOUT_MAX = 5_000  # held-out cases scored at most: enough for the figures and temperature
# Held out at most this share of the cases (from 50,000 cases on), the heads fitted without them
# are kept: refitting on 10% more cases would double the training time for nothing measurable.
KEEP_SHARE = 0.10
THREADS = 2  # liblinear releases the GIL: the binary problems run on both cores
# Passes of liblinear's coordinate descent per binary problem: text problems are near their
# optimum long before; a class that is hard to separate otherwise runs to liblinear's 1,000 and
# dominates the training time at many classes.
MAX_ITER = 100
SPACE = re.compile(r"\s+")


def document(title: str, content: str = "") -> str:
    """The text the model reads: summary (weighted) and content, whitespace collapsed."""
    title = SPACE.sub(" ", title or "").strip()
    content = SPACE.sub(" ", content or "").strip()
    if not title:
        return content
    return f"{title}。" * TITLE_WEIGHT + content


def enough_text(title: str, content: str = "") -> bool:
    return len(SPACE.sub("", f"{title or ''}{content or ''}")) >= MIN_TEXT_CHARS


def vectorizer(max_features: int | None = 150_000) -> CharGrams:
    return CharGrams(max_features=max_features)


@dataclass
class Head:
    """One classifier over the shared features: a weight column per label, its intercepts and
    its confidence temperature."""

    labels: list[str]
    coef: csr_matrix  # features × labels, float32
    intercept: np.ndarray
    temperature: float = 1.0

    def scores(self, features: Any) -> np.ndarray:
        raw = (csr_matrix(features) @ self.coef).toarray()
        return np.asarray(raw, dtype=np.float64) + self.intercept

    def proba(self, features: Any) -> np.ndarray:
        return softmax(self.scores(features) * self.temperature)


def softmax(scores: np.ndarray) -> np.ndarray:
    shifted = scores - scores.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=1, keepdims=True)


def prune(weights: np.ndarray, keep: float = KEEP_NORM) -> np.ndarray:
    """The indices of the largest weights carrying `keep` of the squared norm."""
    order = np.argsort(-np.abs(weights))
    mass = np.cumsum(weights[order].astype(np.float64) ** 2)
    if not len(mass) or mass[-1] == 0:
        return order[:0]
    return np.sort(order[: int(np.searchsorted(mass, keep * mass[-1])) + 1])


def confusable(features: csr_matrix, y: np.ndarray, n_classes: int) -> list[np.ndarray]:
    """Per class, the other classes' cases that look most like it: the rows whose nearest
    class centroids (cosine, the centroid's largest CENTROID_KEEP weights) include the class.

    These are the negatives a class's SVM learns most from; the rest are far from its
    boundary and a weighted random sample of them carries their share of the loss."""
    onehot = csr_matrix((np.ones(len(y)), (np.arange(len(y)), y)), shape=(len(y), n_classes))
    centroids = (features.T @ onehot).tocsc()
    cols, rows, values = [], [], []
    for k in range(n_classes):
        start, end = centroids.indptr[k], centroids.indptr[k + 1]
        data = centroids.data[start:end]
        top = np.argsort(-data)[:CENTROID_KEEP] if len(data) > CENTROID_KEEP else slice(None)
        kept = data[top]
        norm = float(np.sqrt((kept**2).sum())) or 1.0
        rows.append(centroids.indices[start:end][top])
        values.append(kept / norm)
        cols.append(np.full(len(kept), k))
    pruned = csr_matrix(
        (np.concatenate(values), (np.concatenate(rows), np.concatenate(cols))),
        shape=centroids.shape,
    )
    nearest = max(1, min(NEAREST_CLASSES, n_classes // 20))
    found_rows, found_classes = [], []
    for start in range(0, len(y), CHUNK_ROWS):
        scores = (features[start : start + CHUNK_ROWS] @ pruned).toarray()
        top = np.argpartition(-scores, nearest - 1, axis=1)[:, :nearest]
        at = np.repeat(np.arange(len(top)) + start, nearest)
        near = top.ravel()
        # A text sharing no n-gram with a centroid is near nothing, whatever argpartition says.
        close = np.take_along_axis(scores, top, axis=1).ravel() > 0
        other = (near != y[at]) & close
        found_rows.append(at[other])
        found_classes.append(near[other])
    owners, of = np.concatenate(found_rows), np.concatenate(found_classes)
    order = np.argsort(of, kind="stable")
    owners, of = owners[order], of[order]
    bounds = np.searchsorted(of, np.arange(n_classes + 1))
    return [owners[bounds[i] : bounds[i + 1]] for i in range(n_classes)]


def _binary(
    features: csr_matrix,
    positive: np.ndarray,
    weight: float,
    c: float,
    seed: int,
    hard: np.ndarray | None,
    budget: int,
) -> tuple[np.ndarray, float]:
    """One class against the rest, as liblinear's one-vs-rest weights it (the class's balanced
    weight on its cases, 1 on the others). Above `budget` others, the others are a
    stratified sample: every `hard` one (the confusable cases, at most half the budget), and a
    random sample of the rest weighted back up to their number."""
    negatives = np.flatnonzero(~positive)
    sample_weight = np.where(positive, weight, 1.0)
    rows: np.ndarray | None = None
    if len(negatives) > budget:
        rng = np.random.default_rng(seed)
        confusing = np.zeros(0, dtype=np.int64) if hard is None else hard
        rest = np.setdiff1d(negatives, confusing, assume_unique=True)
        kept = confusing
        if len(confusing) > budget // 2:
            kept = rng.choice(confusing, budget // 2, replace=False)
            sample_weight[confusing] = len(confusing) / len(kept)
        drawn = rng.choice(rest, min(len(rest), budget - len(kept)), replace=False)
        if len(drawn):
            sample_weight[rest] = len(rest) / len(drawn)
        rows = np.sort(np.concatenate([np.flatnonzero(positive), kept, drawn]))
    x = features if rows is None else features[rows]
    y = positive if rows is None else positive[rows]
    w = sample_weight if rows is None else sample_weight[rows]
    svm = LinearSVC(C=c, random_state=seed, max_iter=MAX_ITER).fit(x, y, sample_weight=w)
    return svm.coef_[0], float(svm.intercept_[0])


def fit_head(features: Any, labels: Sequence[str], c: float = 1.0) -> Head:
    # Balanced class weights: a class with few cases (环境保护 has a third of 劳动和社会保障's)
    # is not drowned by the big ones — +0.015 macro-F1 in cross-validation (docs/routing.md).
    x = csr_matrix(features, dtype=np.float64)
    y = np.asarray([str(label) for label in labels])
    classes, index, counts = np.unique(y, return_inverse=True, return_counts=True)
    weights = len(y) / (len(classes) * counts)
    budget = max(MAX_NEGATIVES, HEAD_NEGATIVES // len(classes))
    sampled = len(y) - counts.min() > budget
    hard = confusable(x, index, len(classes)) if sampled else None

    def one(i: int) -> tuple[np.ndarray, float]:
        mine = None if hard is None else hard[i]
        return _binary(x, index == i, float(weights[i]), c, seed=i, hard=mine, budget=budget)

    # Set here, not in the threads (the filters are the process's): MAX_ITER reached is expected.
    with warnings.catch_warnings(), ThreadPoolExecutor(THREADS) as pool:
        warnings.simplefilter("ignore", ConvergenceWarning)
        fitted = list(pool.map(one, range(len(classes))))
    rows, cols, values = [], [], []
    for i, (w, _) in enumerate(fitted):
        kept = prune(w)
        rows.append(kept)
        cols.append(np.full(len(kept), i))
        values.append(w[kept])
    coef = csr_matrix(
        (np.concatenate(values).astype(np.float32), (np.concatenate(rows), np.concatenate(cols))),
        shape=(x.shape[1], len(classes)),
    )
    intercept = np.array([b for _, b in fitted], dtype=np.float32)
    return Head(labels=[str(c) for c in classes], coef=coef, intercept=intercept)


def fit_temperature(head: Head, features: Any, labels: Sequence[str]) -> float:
    """The softmax temperature that makes the held-out confidences honest (least log loss)."""
    index = {label: i for i, label in enumerate(head.labels)}
    known = [(row, index[label]) for row, label in enumerate(labels) if label in index]
    if len(known) < 5:
        return 1.0
    rows = [r for r, _ in known]
    truth = np.array([i for _, i in known])
    scores = head.scores(features[rows])
    best, best_loss = 1.0, math.inf
    for t in np.logspace(-1, 2, 61):
        p = softmax(scores * t)[np.arange(len(truth)), truth]
        loss = float(-np.log(np.clip(p, 1e-12, None)).mean())
        if loss < best_loss:
            best, best_loss = float(t), loss
    return best


def learnable(labels: Sequence[str | None]) -> list[int]:
    """Rows whose label occurs at least MIN_CLASS_EXAMPLES times."""
    counts = Counter(label for label in labels if label)
    return [i for i, label in enumerate(labels) if label and counts[label] >= MIN_CLASS_EXAMPLES]


@dataclass
class Scores:
    """How well predictions match the truth; `top3` is the share found among three proposals."""

    n: int
    accuracy: float
    macro_f1: float
    top3: float | None
    per_class: dict[str, dict[str, float]]
    labels: list[str]
    confusion: list[list[int]]

    def as_dict(self) -> dict[str, Any]:
        """The figures as stored with a model and its training run. Up to DENSE_CONFUSION
        classes with the whole confusion matrix; above (a category tree's hundreds of leaves,
        where the matrix would be most of a megabyte a night) with its MIXUPS_KEPT largest
        cells off the diagonal instead: [truth, predicted, cases], most frequent first."""
        out: dict[str, Any] = {
            "n": self.n,
            "accuracy": round(self.accuracy, 4),
            "macro_f1": round(self.macro_f1, 4),
            "top3": None if self.top3 is None else round(self.top3, 4),
            "per_class": self.per_class,
            "labels": self.labels,
        }
        if len(self.labels) <= DENSE_CONFUSION:
            out["confusion"] = self.confusion
        else:
            out["mixups"] = self.mixups()[:MIXUPS_KEPT]
        return out

    def mixups(self) -> list[tuple[str, str, int]]:
        """Every wrong (truth, predicted) pair with its count, most frequent first."""
        cells = [
            (self.labels[i], self.labels[j], count)
            for i, row in enumerate(self.confusion)
            for j, count in enumerate(row)
            if count and i != j
        ]
        return sorted(cells, key=lambda cell: -cell[2])


def score(truth: Sequence[str], predicted: Sequence[str], top3: float | None = None) -> Scores:
    labels = sorted(set(truth) | set(predicted))
    per = f1_score(truth, predicted, labels=labels, average=None, zero_division=0)
    support = Counter(truth)
    return Scores(
        n=len(truth),
        accuracy=float(accuracy_score(truth, predicted)),
        # Macro-F1 over the classes that occur in the truth (a stray prediction of a class the
        # truth never has still costs precision in the classes it was taken from).
        macro_f1=float(
            f1_score(truth, predicted, labels=sorted(set(truth)), average="macro", zero_division=0)
        ),
        top3=top3,
        per_class={
            label: {"f1": round(float(f), 4), "support": support.get(label, 0)}
            for label, f in zip(labels, per, strict=True)
        },
        labels=labels,
        confusion=confusion_matrix(truth, predicted, labels=labels).tolist(),
    )


@dataclass
class Router:
    """A trained model: the features, the heads, and what training said about itself."""

    features: CharGrams
    heads: dict[str, Head]
    version: int = 0
    report: dict[str, Any] = field(default_factory=dict)
    format: int = FORMAT

    def rank(
        self, head: str, title: str, content: str = "", k: int = 10
    ) -> list[tuple[str, float]]:
        """The k likeliest labels of `head` with their confidences, best first."""
        model = self.heads.get(head)
        if model is None or not enough_text(title, content):
            return []
        proba = model.proba(self.features.transform([document(title, content)]))[0]
        order = np.argsort(-proba)[:k]
        labels = model.labels
        return [(labels[i], float(proba[i])) for i in order]


def _split(rows: list[int], labels: list[str], holdout: float, seed: int) -> tuple[list, list]:
    """A stratified hold-out split of `rows` (plain random when a class is too small), at
    most HOLDOUT_MAX cases."""
    if len(rows) < 20 or holdout <= 0:
        return rows, []
    strat = [labels[r] for r in rows]
    counts = Counter(strat)
    stratify = strat if min(counts.values()) >= 2 else None
    n_test = min(max(int(len(rows) * holdout), len(counts) if stratify else 1), HOLDOUT_MAX)
    if stratify is not None and not len(counts) <= n_test <= len(rows) - len(counts):
        stratify = None
    train, test = train_test_split(rows, test_size=n_test, random_state=seed, stratify=stratify)
    return list(train), list(test)


def _fit_heads(
    x_docs: Any,
    x_prior: dict[str, Any],
    targets: Mapping[str, Sequence[str]],
    rows: Mapping[str, Sequence[int]],
    prior: Mapping[str, Sequence[tuple[str, str]]],
) -> dict[str, Head]:
    heads = {}
    for name, labels in targets.items():
        x = x_docs[list(rows[name])]
        extra = list(prior.get(name, ()))
        if extra:
            x = vstack([x, x_prior[name]]).tocsr()
        heads[name] = fit_head(x, [labels[r] for r in rows[name]] + [lab for _, lab in extra])
    return heads


def _holdout_scores(head: Head, x_test: Any, truth: list[str]) -> dict[str, Any]:
    proba = head.proba(x_test)
    order = np.argsort(-proba, axis=1)
    hl = head.labels
    predicted = [hl[o[0]] for o in order]
    hits = [t in {hl[i] for i in o[:3]} for t, o in zip(truth, order, strict=True)]
    return score(truth, predicted, float(np.mean(hits))).as_dict()


def train(
    docs: Sequence[str],
    targets: Mapping[str, Sequence[str | None]],
    *,
    prior: Mapping[str, Sequence[tuple[str, str]]] | None = None,
    holdout: float = 0.2,
    seed: int = 0,
    max_features: int | None = 150_000,
) -> Router:
    """Fit every head of `targets` (a label per doc; None: unknown for that head).

    The features are fitted once on every text (the held-out texts shape the vocabulary and
    the idf, never a label). With `holdout`, a stratified share of the cases (at most
    HOLDOUT_MAX) is first kept out: the heads fitted without it are scored on it and their
    confidence temperatures fitted there; then every head is refitted on all the cases —
    unless that share was at most KEEP_SHARE of them (a very large history).
    `prior` adds (text, label) documents per head to the training only, never to the scoring.
    """
    prior = {k: list(v) for k, v in (prior or {}).items() if k in targets}
    report: dict[str, Any] = {"cases": len(docs), "heads": {}}
    labels = {n: [str(x) if x else "" for x in ls] for n, ls in targets.items()}
    rows = {n: learnable(ls) for n, ls in targets.items()}
    live = [n for n in targets if len({labels[n][r] for r in rows[n]}) >= 2]
    for name in targets:
        report["heads"][name] = {
            "trained": name in live,
            "cases": len(rows[name]),
            "classes": len({labels[name][r] for r in rows[name]}),
        }
    if not live:
        return Router(features=vectorizer(max_features), heads={}, report=report)
    clock = time.monotonic()
    seconds: dict[str, float] = {}
    features = vectorizer(max_features)
    texts = [t for name in prior for t, _ in prior[name]]
    x = features.fit_transform([*docs, *texts])
    seconds["features"] = time.monotonic() - clock
    x_all, x_prior, at = x[: len(docs)], {}, len(docs)
    for name in prior:
        x_prior[name] = x[at : at + len(prior[name])]
        at += len(prior[name])
    temperatures: dict[str, float] = {}
    kept: dict[str, Head] = {}
    train_rows, test_rows = _split(list(range(len(docs))), labels[live[0]], holdout, seed)
    if test_rows:
        held = set(test_rows)
        fit_rows = {n: [r for r in rows[n] if r not in held] for n in live}
        ok = [n for n in live if len({labels[n][r] for r in fit_rows[n]}) >= 2]
        clock = time.monotonic()
        heads = _fit_heads(x_all, x_prior, {n: labels[n] for n in ok}, fit_rows, prior)
        seconds["heads"] = time.monotonic() - clock
        clock = time.monotonic()
        for name, head in heads.items():
            scored = [r for r in test_rows if labels[name][r]]
            if len(scored) < 2:
                continue
            truth = [labels[name][r] for r in scored]
            temperatures[name] = head.temperature = fit_temperature(head, x_all[scored], truth)
            entry = report["heads"][name]
            entry["holdout"] = _holdout_scores(head, x_all[scored], truth)
            entry["temperature"] = round(temperatures[name], 4)
        seconds["holdout"] = time.monotonic() - clock
        if len(test_rows) <= math.ceil(KEEP_SHARE * len(docs)):
            kept = {n: h for n, h in heads.items() if n in temperatures}
    refit = {n: labels[n] for n in live if n not in kept}
    clock = time.monotonic()
    heads = {**kept, **_fit_heads(x_all, x_prior, refit, rows, prior)}
    if refit:
        seconds["refit"] = time.monotonic() - clock
    for name, head in heads.items():
        head.temperature = temperatures.get(name, 1.0)
        report["heads"][name]["weights"] = int(head.coef.nnz)
        report["heads"][name]["refitted"] = name in refit
    report["vocabulary"] = features.size
    report["seconds"] = {k: round(v, 1) for k, v in seconds.items()}
    return Router(features=features, heads=heads, report=report)


def cross_validate(
    docs: Sequence[str],
    labels: Sequence[str],
    *,
    folds: int = 5,
    seeds: Sequence[int] = (0,),
    prior: Sequence[tuple[str, str]] = (),
) -> tuple[Scores, list[float]]:
    """Stratified k-fold predictions for every doc (repeated per seed); the scores of the
    pooled predictions of the first seed and the macro-F1 of every seed."""
    labels = [str(label) for label in labels]
    per_seed: list[float] = []
    first: Scores | None = None
    for seed in seeds:
        predicted = [""] * len(docs)
        top3_hits = [False] * len(docs)
        splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
        for train_idx, test_idx in splitter.split(np.zeros(len(labels)), labels):
            vec = vectorizer()
            x = vec.fit_transform([docs[i] for i in train_idx] + [t for t, _ in prior])
            head = fit_head(x, [labels[i] for i in train_idx] + [lab for _, lab in prior])
            scores = head.scores(vec.transform([docs[i] for i in test_idx]))
            order = np.argsort(-scores, axis=1)
            hl = head.labels
            for i, o in zip(test_idx, order, strict=True):
                predicted[i] = hl[o[0]]
                top3_hits[i] = labels[i] in {hl[j] for j in o[:3]}
        result = score(labels, predicted, float(np.mean(top3_hits)))
        per_seed.append(result.macro_f1)
        first = first or result
    assert first is not None  # noqa: S101 - seeds is not empty
    return first, per_seed


def evaluate(router: Router, head: str, docs: Sequence[str], labels: Sequence[str]) -> Scores:
    """Score a trained head on labelled docs (a label the model never saw counts as wrong)."""
    model = router.heads[head]
    proba = model.proba(router.features.transform(list(docs)))
    order = np.argsort(-proba, axis=1)
    hl = model.labels
    predicted = [hl[o[0]] for o in order]
    top3 = float(np.mean([t in {hl[i] for i in o[:3]} for t, o in zip(labels, order, strict=True)]))
    return score([str(label) for label in labels], predicted, top3)
