from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "journeys.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from auditlog.registry import auditlog

        from .models import ApiToken, User

        auditlog.register(User, exclude_fields=["password", "last_login"])
        auditlog.register(ApiToken, exclude_fields=["key_hash"])
