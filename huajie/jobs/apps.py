from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class JobsConfig(AppConfig):
    name = "huajie.jobs"
    label = "jobs"
    verbose_name = "定时任务"

    def ready(self) -> None:
        # Each app declares its periodic jobs in `<app>/jobs.py` with `register(Job(...))`.
        autodiscover_modules("jobs")
