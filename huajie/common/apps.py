from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "huajie.common"
    verbose_name = "通用"
