from django.apps import AppConfig


class DutyConfig(AppConfig):
    name = "huajie.duty"
    verbose_name = "值班值守"

    def ready(self) -> None:
        from . import wiring

        wiring.connect()
