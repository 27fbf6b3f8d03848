from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class DocumentsConfig(AppConfig):
    name = "huajie.documents"
    verbose_name = "公文文书"

    def ready(self) -> None:
        # Each module registers its document kinds in `<app>/documents.py` (see registry.py).
        autodiscover_modules("documents")
