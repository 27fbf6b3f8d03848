from importlib import import_module
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand

from huajie.orgs.demo import DEMO_PASSWORD, seed_demo


class Command(BaseCommand):
    help = (
        "Load (or refresh) the demo county 清河县 with one user per role, then each app's demo "
        "data (`<app>/demo.py: seed(stdout)`). Safe to run twice."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        logins = seed_demo()
        for config in apps.get_app_configs():
            if config.name.startswith("huajie.") and config.name != "huajie.orgs":
                try:
                    module = import_module(f"{config.name}.demo")
                except ModuleNotFoundError:
                    continue
                module.seed(self.stdout)
        self.stdout.write(self.style.SUCCESS("演示数据已就绪 Demo county 清河县 is ready."))
        self.stdout.write(f"演示账号 Demo logins (密码 password: {DEMO_PASSWORD})")
        for login in logins:
            self.stdout.write(f"  {login.username:<10} {login.full_name}（{login.title}）")
