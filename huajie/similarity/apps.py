from django.apps import AppConfig


class SimilarityConfig(AppConfig):
    name = "huajie.similarity"
    verbose_name = "重复件与热点问题"

    def ready(self) -> None:
        from huajie.petitions.extensions import register_registration_extension

        from .services import registration_signature

        register_registration_extension(registration_signature)
