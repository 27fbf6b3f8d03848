from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "huajie.portal"
    verbose_name = "网上信访"
