from django.apps import AppConfig


class SiteConfig(AppConfig):
    name = "journeys.site"
    label = "site"
    verbose_name = "Site"
