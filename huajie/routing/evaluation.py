"""`evaluate_router`: how well the classifier recovers the labels of a sheet.

Three ways to train: on the database's cases (what `train_router` would learn, in memory — no
file is written), on another labelled file (`--train`), or k-fold cross-validation within the
sheet (`--cv`). The category names prior is the category tree below each label (from a taxonomy
sheet or the database): a label "劳动和社会保障" learns from the names "工资福利 工资发放", …
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from huajie.common.errors import ApplicationError
from huajie.petitions.models import Category

from . import engine
from .sheets import Labelled, read_labelled
from .training import history


@dataclass
class Result:
    description: str
    scores: engine.Scores
    seed_f1: list[float] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"description": self.description, **self.scores.as_dict()}
        if len(self.seed_f1) > 1:
            out["macro_f1_per_seed"] = [round(f, 4) for f in self.seed_f1]
            out["macro_f1_mean"] = round(statistics.mean(self.seed_f1), 4)
        return out


def _docs(rows: Sequence[Labelled]) -> list[str]:
    return [engine.document(r.title, r.text) for r in rows]


def _paths(taxonomy: str | None) -> list[list[str]]:
    if taxonomy:
        from huajie.petitions.taxonomy import read_taxonomy

        return [list(t) for t in read_taxonomy(taxonomy)]
    return [
        name.split("/")
        for name in Category.objects.filter(is_active=True).values_list("full_name", flat=True)
    ]


def names_prior(labels: set[str], paths: list[list[str]]) -> list[tuple[str, str]]:
    """(names below the label, label) for every path through a node named like a label."""
    out: dict[tuple[str, str], None] = {}
    for path in paths:
        for depth, name in enumerate(path):
            below = [n for n in path[depth + 1 :] if n and n != "其他"]
            if name in labels and below:
                out[(" ".join(below), name)] = None
    return list(out)


def _check(rows: list[Labelled], path: str) -> None:
    if len(rows) < 2 or len({r.label for r in rows}) < 2:
        raise ApplicationError(
            f"{path} 中有标注的行太少（{len(rows)} 行），至少需要两类、每类两行。",
            code="too_few_rows",
        )


def run(
    path: str,
    *,
    text_column: str,
    label_column: str,
    title_column: str | None = "auto",
    train_file: str | None = None,
    cv: int | None = None,
    seeds: int = 1,
    taxonomy: str | None = None,
    use_prior: bool = True,
) -> Result:
    rows, used_title = read_labelled(
        path, text_column=text_column, label_column=label_column, title_column=title_column
    )
    _check(rows, path)
    labels = {r.label for r in rows}
    prior = names_prior(labels, _paths(taxonomy)) if use_prior else []
    columns = f"文本列“{text_column}”" + (f"+摘要列“{used_title}”" if used_title else "")
    prior_note = f"，分类名称先验 {len(prior)} 条" if prior else "，无分类名称先验"
    if cv:
        smallest = min(Counter(r.label for r in rows).values())
        if smallest < cv:
            raise ApplicationError(
                f"有的类别只有 {smallest} 行，少于 {cv} 折交叉验证所需，请减小 --cv。",
                code="too_few_rows",
            )
        scores, per_seed = engine.cross_validate(
            _docs(rows), [r.label for r in rows], folds=cv, seeds=range(seeds), prior=prior
        )
        text = f"{path}：{cv} 折分层交叉验证（{seeds} 次打乱），{columns}{prior_note}"
        return Result(text, scores, per_seed)
    if train_file:
        train_rows, _ = read_labelled(
            train_file, text_column=text_column, label_column=label_column, title_column="auto"
        )
        _check(train_rows, train_file)
        router = engine.train(
            _docs(train_rows), {"label": [r.label for r in train_rows]},
            prior={"label": prior}, holdout=0,
        )  # fmt: skip
        scores = engine.evaluate(router, "label", _docs(rows), [r.label for r in rows])
        text = f"在 {train_file}（{len(train_rows)} 条）上训练，在 {path} 上评估，{columns}"
        return Result(text + prior_note, scores)
    return _on_database(path, rows, labels, columns)


def _on_database(path: str, rows: list[Labelled], labels: set[str], columns: str) -> Result:
    """Train the category head on the database's cases and score it at the labels' level."""
    data = history()
    categories = {c.pk: c.full_name.split("/") for c in Category.objects.all()}
    levels = Counter(
        depth for parts in categories.values() for depth, n in enumerate(parts) if n in labels
    )
    if not levels or data.labelled < 2:
        raise ApplicationError(
            "数据库中没有与标注同名的问题分类或已分类的事项，无法在数据库上训练。"
            "请用 --train 指定训练文件，或用 --cv 做交叉验证。",
            code="no_history",
        )
    depth = levels.most_common(1)[0][0]

    def at_level(label: str | None) -> str | None:
        parts = categories.get(int(label)) if label else None
        return parts[depth] if parts and len(parts) > depth else None

    targets = [at_level(c) for c in data.categories]
    router = engine.train(data.docs, {"label": targets}, holdout=0)
    if "label" not in router.heads:
        raise ApplicationError("数据库中可学习的分类少于两类，无法训练。", code="no_history")
    scores = engine.evaluate(router, "label", _docs(rows), [r.label for r in rows])
    text = f"在数据库的 {data.labelled} 件已分类事项上训练（映射到第{depth + 1}级分类），"
    return Result(text + f"在 {path} 上评估，{columns}", scores)
