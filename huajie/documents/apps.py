from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "huajie.documents"
    verbose_name = "公文文书"
