from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class TimeLimitsConfig(AppConfig):
    name = "huajie.timelimits"
    label = "timelimits"
    verbose_name = "办理时限"

    def ready(self) -> None:
        post_migrate.connect(_seed, sender=self)


def _seed(**kwargs: Any) -> None:
    from .rules import rules_seed

    rules_seed(using=kwargs.get("using", "default"))
