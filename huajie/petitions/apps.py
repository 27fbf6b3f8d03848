from django.apps import AppConfig


class PetitionsConfig(AppConfig):
    name = "huajie.petitions"
    verbose_name = "信访事项"
