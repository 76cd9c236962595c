from django.apps import AppConfig


class WorkshopsConfig(AppConfig):
    name = "journeys.workshops"
    verbose_name = "Workshops"

    def ready(self):
        from auditlog.registry import auditlog

        from .models import WorkshopContribution, WorkshopSeries

        # Contributions are public once recorded; the log says who recorded each and when.
        auditlog.register(WorkshopContribution)
        # A series is logged for what readers rely on: whether it is open and its report withdrawn.
        auditlog.register(WorkshopSeries, include_fields=["closed", "report_withdrawn_at"])
