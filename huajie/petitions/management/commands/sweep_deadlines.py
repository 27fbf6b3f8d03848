from typing import Any

from django.core.management.base import BaseCommand

from huajie.petitions.services import petitions_sweep


class Command(BaseCommand):
    help = (
        "Daily sweep: notify handlers, leaders and clerks of clocks due within 3 days or overdue. "
        "Idempotent per day; run it from cron in the embedded setup (Celery beat in production)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        written = petitions_sweep()
        self.stdout.write(f"已发送时限提醒 {written} 条。")
