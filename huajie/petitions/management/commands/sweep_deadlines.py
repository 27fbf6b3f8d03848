from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Daily sweep: notify handlers, leaders and clerks of clocks due within 3 days or overdue. "
        "The same as `manage.py run_job petitions.sweep_deadlines` (recorded as a job run)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("run_job", "petitions.sweep_deadlines", stdout=self.stdout)
