from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from huajie.routing.models import TrainingOutcome
from huajie.routing.services import router_train


class Command(BaseCommand):
    help = (
        "Train the routing model on the cases in the database (final category; the unit that "
        "handled the case) and make it current. Writes settings.ROUTER_DIR/router-vNNNN.joblib "
        "and its report (.json)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force", action="store_true", help="train even below ROUTER_MIN_HISTORY cases"
        )
        parser.add_argument("--limit", type=int, help="only the newest N cases")

    def handle(self, *args: Any, **options: Any) -> None:
        run = router_train(force=options["force"], limit=options["limit"])
        if run.outcome == TrainingOutcome.FAILED:
            raise CommandError(run.message)
        self.stdout.write(run.message)
        for name, head in run.report.get("heads", {}).items():
            held = head.get("holdout")
            if held:
                self.stdout.write(
                    f"  {name}: {head['cases']} 件 {head['classes']} 类；留出 {held['n']} 件 "
                    f"准确率 {held['accuracy']:.3f}，前三命中 {held['top3']:.3f}，"
                    f"宏F1 {held['macro_f1']:.3f}"
                )
        if run.outcome == TrainingOutcome.TRAINED:
            self.stdout.write(self.style.SUCCESS(f"模型文件：{run.file}（{run.seconds:.1f} 秒）"))
