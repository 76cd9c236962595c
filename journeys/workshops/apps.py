from django.apps import AppConfig


class WorkshopsConfig(AppConfig):
    name = "journeys.workshops"
    verbose_name = "Workshops"

    def ready(self):
        from auditlog.registry import auditlog

        from .models import WorkshopContribution

        # Contributions are public once recorded; the log says who recorded each and when.
        auditlog.register(WorkshopContribution)
