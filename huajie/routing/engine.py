"""The text classifier behind routing suggestions: plain scikit-learn, no Django, no network.

A case's text (its summary weighted three times, then its content) becomes character 1–2-gram
TF-IDF features, shared by two heads: the category and the competent unit. Each head is a
linear SVM (one-vs-rest); its decision scores become confidences through a softmax whose
temperature is fitted on held-out cases, so "80%" means about 80% right on cases like these.

Chinese text has no spaces: character n-grams need no word cut and, on the public messages, did
better than jieba words (see docs/routing.md for the figures). Prior knowledge — the category
tree's names and the admin's keywords — joins the training set as short extra documents, which
helps classes with few cases; it is never scored.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import accuracy_score, confusion_matrix, f1_score
from sklearn.model_selection import StratifiedKFold, train_test_split
from sklearn.svm import LinearSVC

FORMAT = 1
TITLE_WEIGHT = 3
MIN_TEXT_CHARS = 2  # an empty or one-character text gets no suggestion
MIN_CLASS_EXAMPLES = 2  # a class seen once cannot be learnt nor checked
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


def vectorizer(max_features: int | None = 300_000) -> TfidfVectorizer:
    return TfidfVectorizer(
        analyzer="char", ngram_range=(1, 2), max_features=max_features, dtype=np.float32
    )


@dataclass
class Head:
    """One classifier over the shared features, with its confidence temperature."""

    svm: LinearSVC
    temperature: float = 1.0

    @property
    def labels(self) -> list[str]:
        return [str(label) for label in self.svm.classes_]

    def scores(self, features: Any) -> np.ndarray:
        raw = np.asarray(self.svm.decision_function(features), dtype=np.float64)
        if raw.ndim == 1:  # two classes: one score for the second class
            raw = np.column_stack([-raw, raw])
        return raw

    def proba(self, features: Any) -> np.ndarray:
        return softmax(self.scores(features) * self.temperature)


def softmax(scores: np.ndarray) -> np.ndarray:
    shifted = scores - scores.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=1, keepdims=True)


def fit_head(features: Any, labels: Sequence[str], c: float = 1.0) -> Head:
    # Balanced class weights: a class with few cases (环境保护 has a third of 劳动和社会保障's)
    # is not drowned by the big ones — +0.015 macro-F1 in cross-validation (docs/routing.md).
    svm = LinearSVC(C=c, class_weight="balanced")
    svm.fit(features, list(labels))
    return Head(svm=svm)


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
        return {
            "n": self.n,
            "accuracy": round(self.accuracy, 4),
            "macro_f1": round(self.macro_f1, 4),
            "top3": None if self.top3 is None else round(self.top3, 4),
            "per_class": self.per_class,
            "labels": self.labels,
            "confusion": self.confusion,
        }


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

    features: TfidfVectorizer
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
    """A stratified hold-out split of `rows` (plain random when a class is too small)."""
    if len(rows) < 20 or holdout <= 0:
        return rows, []
    strat = [labels[r] for r in rows]
    counts = Counter(strat)
    stratify = strat if min(counts.values()) >= 2 else None
    n_test = max(int(len(rows) * holdout), len(counts) if stratify else 1)
    if stratify is not None and n_test > len(rows) - len(counts):
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
    from scipy.sparse import vstack

    heads = {}
    for name, labels in targets.items():
        x = x_docs[list(rows[name])]
        extra = list(prior.get(name, ()))
        if extra:
            x = vstack([x, x_prior[name]])
        heads[name] = fit_head(x, [labels[r] for r in rows[name]] + [lab for _, lab in extra])
    return heads


def _features(
    docs: Sequence[str], prior: Mapping[str, Sequence[tuple[str, str]]], max_features: int | None
) -> tuple[TfidfVectorizer, Any, dict[str, Any]]:
    """One vectorizer fitted on the docs and every prior text, with both transformed."""
    vec = vectorizer(max_features)
    texts = [t for name in prior for t, _ in prior[name]]
    x = vec.fit_transform([*docs, *texts])
    x_prior, at = {}, len(docs)
    for name in prior:
        x_prior[name] = x[at : at + len(prior[name])]
        at += len(prior[name])
    return vec, x[: len(docs)], x_prior


def train(
    docs: Sequence[str],
    targets: Mapping[str, Sequence[str | None]],
    *,
    prior: Mapping[str, Sequence[tuple[str, str]]] | None = None,
    holdout: float = 0.2,
    seed: int = 0,
    max_features: int | None = 300_000,
) -> Router:
    """Fit every head of `targets` (a label per doc; None: unknown for that head).

    With `holdout`, a stratified share of the cases is first kept out: the heads fitted
    without it are scored on it and their confidence temperatures fitted there; then
    everything is refitted on all the cases. `prior` adds (text, label) documents per head to
    the training only, never to the scoring.
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
    temperatures: dict[str, float] = {}
    first = live[0]
    train_rows, test_rows = _split(list(range(len(docs))), labels[first], holdout, seed)
    if test_rows:
        held = set(test_rows)
        vec, x_train, x_prior = _features([docs[r] for r in train_rows], prior, max_features)
        x_test = vec.transform([docs[r] for r in test_rows])
        position = {r: i for i, r in enumerate(train_rows)}
        fit_rows = {
            n: [position[r] for r in rows[n] if r not in held and labels[n][r]] for n in live
        }
        fit_labels = {n: [labels[n][r] for r in train_rows] for n in live}
        ok = [n for n in live if len({fit_labels[n][i] for i in fit_rows[n]}) >= 2]
        heads = _fit_heads(x_train, x_prior, {n: fit_labels[n] for n in ok}, fit_rows, prior)
        for name, head in heads.items():
            scored = [i for i, r in enumerate(test_rows) if labels[name][r]]
            if len(scored) < 2:
                continue
            truth = [labels[name][test_rows[i]] for i in scored]
            temperatures[name] = head.temperature = fit_temperature(head, x_test[scored], truth)
            proba = head.proba(x_test[scored])
            order = np.argsort(-proba, axis=1)
            hl = head.labels
            predicted = [hl[o[0]] for o in order]
            hits = [t in {hl[i] for i in o[:3]} for t, o in zip(truth, order, strict=True)]
            entry = report["heads"][name]
            entry["holdout"] = score(truth, predicted, float(np.mean(hits))).as_dict()
            entry["temperature"] = round(temperatures[name], 4)
    features, x_all, x_prior = _features(docs, prior, max_features)
    heads = _fit_heads(x_all, x_prior, {n: labels[n] for n in live}, rows, prior)
    for name, head in heads.items():
        head.temperature = temperatures.get(name, 1.0)
    report["vocabulary"] = len(features.vocabulary_)
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
