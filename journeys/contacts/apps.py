from django.apps import AppConfig


class ContactsConfig(AppConfig):
    name = "journeys.contacts"
    verbose_name = "Contacts and talk requests"

    def ready(self):
        from auditlog.registry import auditlog

        from .models import Contact, TalkRequest

        # Who named which contact and who asked, accepted or declined, is the consent trail.
        # The message stays out: national admins read the log, not LAs' correspondence.
        auditlog.register(Contact)
        auditlog.register(TalkRequest, exclude_fields=["message"])
