from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "huajie.imports"
    verbose_name = "台账导入导出"
