"""The classifier without Django: the numpy n-grams equal scikit-learn's, the kept weights are a
small sparse matrix, and a very large history is not fitted twice."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from huajie.routing import engine
from huajie.routing.features import SHIFT, CharGrams

TEXTS = [
    "单位拖欠工资三个月，请求帮助讨薪。",
    "小区外墙瓷砖脱落，物业不维修。",
    "学校食堂卫生差，Ａ市 学生家长反映。",
    "公交 12 路改线后居民出行不便",
    "",
]


def test_the_char_grams_are_scikit_learns_tfidf() -> None:
    ours, theirs = CharGrams(), TfidfVectorizer(analyzer="char", ngram_range=(1, 2))
    x, y = ours.fit_transform(TEXTS[:4]), theirs.fit_transform(TEXTS[:4])

    def key(gram: str) -> int:
        return ord(gram) if len(gram) == 1 else ord(gram[0]) << SHIFT | ord(gram[1])

    order = np.searchsorted(ours.vocabulary, [key(g) for g in theirs.get_feature_names_out()])
    assert ours.size == len(theirs.vocabulary_)
    assert np.abs(x[:, order] - y).max() < 1e-6
    new = ["拖欠工资", TEXTS[4], "完全没见过的字词"]
    assert np.abs(ours.transform(new)[:, order] - theirs.transform(new)).max() < 1e-6


def test_a_model_keeps_few_weights_and_ranks_the_obvious_class_first() -> None:
    docs = [engine.document(f"拖欠工资第{i}次", "老板不发工资") for i in range(30)]
    docs += [engine.document(f"小区外墙脱落第{i}次", "物业不维修") for i in range(30)]
    labels = ["劳动"] * 30 + ["城建"] * 30
    router = engine.train(docs, {"category": labels})
    head = router.heads["category"]
    assert head.coef.dtype == np.float32 and head.coef.shape == (router.features.size, 2)
    assert head.coef.nnz < 0.5 * router.features.size * 2
    assert router.rank("category", "拖欠工资", "老板三个月不发工资")[0][0] == "劳动"
    assert router.report["heads"]["category"]["refitted"] is True


def test_a_very_large_history_keeps_the_heads_fitted_without_the_held_out_cases(
    monkeypatch,
) -> None:
    monkeypatch.setattr(engine, "HOLDOUT_MAX", 2)  # 2 of 60 cases held out: under 5%
    docs = [engine.document(f"拖欠工资第{i}次", "老板不发工资") for i in range(30)]
    docs += [engine.document(f"小区外墙脱落第{i}次", "物业不维修") for i in range(30)]
    router = engine.train(docs, {"category": ["劳动"] * 30 + ["城建"] * 30})
    entry = router.report["heads"]["category"]
    assert entry["refitted"] is False and entry["holdout"]["n"] == 2


def test_above_the_negatives_budget_the_confusable_cases_are_kept_and_the_rest_sampled(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(engine, "MAX_NEGATIVES", 40)
    monkeypatch.setattr(engine, "HEAD_NEGATIVES", 0)
    topics = {"工资": "拖欠工资农民工讨薪", "噪音": "夜间施工噪音扰民", "道路": "道路破损坑洼积水"}
    docs, labels = [], []
    for i in range(60):
        for label, words in topics.items():
            docs.append(f"{words}第{i}次反映{label}问题")
            labels.append(label)
    x = engine.vectorizer().fit_transform(docs)
    index = np.unique(labels, return_inverse=True)[1]
    hard = engine.confusable(x, index, 3)
    assert len(hard) == 3
    assert all((index[h] != k).all() for k, h in enumerate(hard))  # only other classes' cases
    head = engine.fit_head(x, labels)
    predicted = np.asarray(head.labels)[head.scores(x).argmax(axis=1)]
    assert (predicted == np.asarray(labels)).mean() > 0.95


def test_a_report_over_many_classes_keeps_the_mix_ups_not_the_whole_matrix():
    labels = [f"类{i:02d}" for i in range(40)]
    truth = labels * 3
    predicted = list(truth)
    predicted[1] = predicted[41] = labels[0]  # 类01 taken twice for 类00
    predicted[2] = labels[3]
    wide = engine.score(truth, predicted).as_dict()
    assert "confusion" not in wide and len(wide["per_class"]) == 40
    assert wide["mixups"] == [("类01", "类00", 2), ("类02", "类03", 1)]
    narrow = engine.score(truth[:14], predicted[:14]).as_dict()  # 14 classes: the whole matrix
    assert "mixups" not in narrow and len(narrow["confusion"]) == len(narrow["labels"])
