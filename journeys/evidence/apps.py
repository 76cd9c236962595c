from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "journeys.evidence"
    label = "evidence"
    verbose_name = "Published evidence"

    def ready(self):
        from auditlog.registry import auditlog

        from .models import ComparisonGroup

        # Who saved, renamed or deleted a comparison group, and which LAs it held.
        auditlog.register(ComparisonGroup)
