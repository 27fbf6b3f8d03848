from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "huajie.accounts"
    label = "accounts"
    verbose_name = _("Accounts and security")

    def ready(self) -> None:
        from . import signals  # noqa: F401 - connects the audit receivers

        # Each app declares its navigation and home cards in `<app>/navigation.py`.
        autodiscover_modules("navigation")
