from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "huajie.notices"
    label = "notices"
    verbose_name = "消息通知"
