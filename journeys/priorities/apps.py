from django.apps import AppConfig


class PrioritiesConfig(AppConfig):
    name = "journeys.priorities"
    verbose_name = "Improvement priorities"

    def ready(self):
        from auditlog.registry import auditlog

        from .models import Priority

        # The audit log shows who changed what, theme overrides included. The free text stays out:
        # national admins read the log, and an LA's private priorities are not theirs to read. The
        # statement's sentence vector follows the text (and would tell of it), so it stays out too.
        auditlog.register(
            Priority,
            exclude_fields=[
                "title",
                "issue",
                "actions",
                "learning",
                "updated_at",
                "statement_vector",
                "statement_vector_key",
            ],
        )
