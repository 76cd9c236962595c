from django.apps import AppConfig


class NetworksConfig(AppConfig):
    name = "journeys.networks"
    verbose_name = "Networks of improvement"
