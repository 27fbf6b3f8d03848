from __future__ import annotations

import json
import statistics
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from huajie.common.errors import ApplicationError
from huajie.routing import evaluation
from huajie.routing.engine import Scores


class Command(BaseCommand):
    help = (
        "Score the routing model on a labelled sheet (xlsx, CSV or TSV): macro-F1, accuracy, "
        "per-class F1 and the confusion matrix. Trains on the database's cases (default), on "
        "--train FILE, or cross-validates within FILE (--cv K)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--text-column", default="留言详情")
        parser.add_argument("--label-column", default="一级分类")
        parser.add_argument(
            "--title-column",
            default="auto",
            help="summary column read with the text (auto: 留言主题/标题/事项摘要 if present; "
            "'' for none)",
        )
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--train", help="train on this labelled file instead of the database")
        group.add_argument("--cv", type=int, help="k-fold cross-validation within FILE")
        parser.add_argument("--seeds", type=int, default=1, help="repeat the CV with N shuffles")
        parser.add_argument(
            "--taxonomy",
            help="category tree sheet (一级/二级/三级分类) for the names prior; default: the "
            "database's category tree",
        )
        parser.add_argument("--no-prior", action="store_true", help="no category-names prior")
        parser.add_argument("--json", help="also write the scores to this JSON file")

    def handle(self, *args: Any, **o: Any) -> None:
        try:
            result = evaluation.run(
                o["file"],
                text_column=o["text_column"],
                label_column=o["label_column"],
                title_column=o["title_column"] or None,
                train_file=o["train"],
                cv=o["cv"],
                seeds=o["seeds"],
                taxonomy=o["taxonomy"],
                use_prior=not o["no_prior"],
            )
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        self._print(result)
        if o["json"]:
            with open(o["json"], "w", encoding="utf-8") as handle:
                json.dump(result.as_dict(), handle, ensure_ascii=False, indent=1)

    def _print(self, result: evaluation.Result) -> None:
        out = self.stdout.write
        out(result.description)
        s: Scores = result.scores
        out(f"样本 {s.n} 条，{len(s.labels)} 类")
        if len(result.seed_f1) > 1:
            mean, sd = statistics.mean(result.seed_f1), statistics.stdev(result.seed_f1)
            out(f"macro-F1 over {len(result.seed_f1)} shuffles  {mean:.4f} ± {sd:.4f}")
            out("(the figures below are those of the first shuffle)")
        out(f"macro-F1  {s.macro_f1:.4f}")
        out(f"accuracy  {s.accuracy:.4f}")
        if s.top3 is not None:
            out(f"top-3     {s.top3:.4f}")
        out("\nper-class F1:")
        width = max(len(label) for label in s.labels)
        for label in s.labels:
            row = s.per_class[label]
            out(f"  {label:{chr(12288)}<{width}}  {row['f1']:.4f}  (n={row['support']})")
        out("\nconfusion matrix (rows: truth, columns: predicted):")
        keys = [f"{i + 1:>4}" for i in range(len(s.labels))]
        out("      " + "".join(keys))
        for i, (label, counts) in enumerate(zip(s.labels, s.confusion, strict=True)):
            out(f"{i + 1:>4}  " + "".join(f"{v:>4}" for v in counts) + f"   {label}")
