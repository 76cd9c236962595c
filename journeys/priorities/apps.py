from django.apps import AppConfig


class PrioritiesConfig(AppConfig):
    name = "journeys.priorities"
    verbose_name = "Improvement priorities"

    def ready(self):
        from auditlog.registry import auditlog

        from .models import Priority

        # The audit log then shows every change, theme overrides included, with who made it.
        auditlog.register(Priority)
