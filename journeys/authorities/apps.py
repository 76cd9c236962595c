from django.apps import AppConfig


class AuthoritiesConfig(AppConfig):
    name = "journeys.authorities"
    label = "authorities"
    verbose_name = "Local authorities"
