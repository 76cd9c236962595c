from django.apps import AppConfig


class JourneysConfig(AppConfig):
    name = "journeys.journeys"
    label = "journeys"
    verbose_name = "Improvement journeys"

    def ready(self):
        from auditlog.registry import auditlog

        from .models import SelfAssessment

        auditlog.register(SelfAssessment)
