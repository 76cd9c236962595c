from django.apps import AppConfig


class FrameworksConfig(AppConfig):
    name = "journeys.frameworks"
    label = "frameworks"
    verbose_name = "Improvement frameworks"
