from django.apps import AppConfig


class SimilarityConfig(AppConfig):
    name = "huajie.similarity"
    verbose_name = "重复件与热点问题"
