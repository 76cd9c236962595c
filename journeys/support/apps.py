from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "journeys.support"
    verbose_name = "External support"

    def ready(self):
        from auditlog.registry import auditlog

        from .models import SupportEngagement

        # Free text stays out of the log that national admins read (see priorities/apps.py).
        auditlog.register(
            SupportEngagement, exclude_fields=["provider", "brokered_by", "outcome", "updated_at"]
        )
