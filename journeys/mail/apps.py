from django.apps import AppConfig


class MailConfig(AppConfig):
    name = "journeys.mail"
    verbose_name = "Email"
