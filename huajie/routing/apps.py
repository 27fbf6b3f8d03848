from django.apps import AppConfig


class RoutingConfig(AppConfig):
    name = "huajie.routing"
    verbose_name = "分流建议"

    def ready(self) -> None:
        from huajie.petitions.extensions import register_registration_extension

        from .services import registration_extension

        register_registration_extension(registration_extension)
