from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "journeys.support"
    verbose_name = "External support"

    def ready(self):
        from auditlog.registry import auditlog

        from .models import SupportEngagement

        auditlog.register(SupportEngagement)
