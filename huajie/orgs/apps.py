from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "huajie.orgs"
    verbose_name = "组织机构"
