from django.apps import AppConfig


class WorkshopsConfig(AppConfig):
    name = "journeys.workshops"
    verbose_name = "Workshops"
