from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "journeys.common"
    label = "common"
    verbose_name = "Common"
