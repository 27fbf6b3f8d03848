from django.apps import AppConfig


class RoutingConfig(AppConfig):
    name = "huajie.routing"
    verbose_name = "分流建议"

    def ready(self) -> None:
        from huajie.petitions import extensions

        from .selectors import proposed_unit
        from .services import registration_extension, suggestion_handoff

        extensions.register_registration_extension(registration_extension)
        extensions.register_handoff_extension(suggestion_handoff)
        extensions.register_unit_proposal(proposed_unit)
