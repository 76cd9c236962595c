from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "journeys.evidence"
    label = "evidence"
    verbose_name = "Published evidence"

    def ready(self):
        from journeys.evidence import derivations, views

        # Each LA's evidence page as first shown, drawn once per import rather than per request.
        derivations.register("evidence", views.derive_sections)
