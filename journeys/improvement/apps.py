from django.apps import AppConfig


class ImprovementConfig(AppConfig):
    name = "journeys.improvement"
    verbose_name = "Improvement journeys"

    def ready(self):
        from auditlog.registry import auditlog

        from journeys.evidence import derivations

        from . import insights
        from .models import SelfEvaluation
        from .views import journey

        # Only the workflow is audited: ratings, notes and answers are private to the LA, and the
        # audit log is read by national admins. Their history is kept by simple_history, read in scope.
        auditlog.register(
            SelfEvaluation,
            include_fields=[
                "status",
                "visibility",
                "version",
                "framework_version",
                "submitted_at",
                "submitted_by",
                "withdrawn_at",
            ],
        )
        # Placements, warnings, curves and their charts are derived when the evidence changes
        # (the evidence app runs them after every import), in this order: the charts read the results.
        derivations.register(insights.DERIVATION, insights.derive)
        derivations.register(f"{insights.DERIVATION}-charts", journey.derive_charts)
