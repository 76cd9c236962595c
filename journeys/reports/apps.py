"""Briefings for elected members and senior leaders, rendered as tagged PDF and as DOCX."""

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "journeys.reports"
    label = "reports"
    verbose_name = "Reports"

    def ready(self):
        from auditlog.registry import auditlog

        from .models import BriefingCommentary

        # Who saved and shared which version is audited; the text is not: national admins read
        # the log, and a commentary is the LA's own until it shares it.
        auditlog.register(BriefingCommentary, exclude_fields=["text"])
