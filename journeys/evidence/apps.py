from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "journeys.evidence"
    label = "evidence"
    verbose_name = "Published evidence"

    def ready(self):
        from auditlog.registry import auditlog

        from journeys.evidence import derivations, views

        from .models import ComparisonGroup

        # Each LA's evidence page as first shown, drawn once per import rather than per request.
        derivations.register("evidence", views.derive_sections)
        # Who saved, renamed or deleted a comparison group, and which LAs it held.
        auditlog.register(ComparisonGroup)
