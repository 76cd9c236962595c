from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "journeys.evidence"
    label = "evidence"
    verbose_name = "Published evidence"
