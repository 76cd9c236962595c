from django.apps import AppConfig


class ImprovementConfig(AppConfig):
    name = "journeys.improvement"
    verbose_name = "Improvement journeys"

    def ready(self):
        from auditlog.registry import auditlog

        from .models import SelfEvaluation

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
