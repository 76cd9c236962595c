"""The email backend of a production service with no email configured: it sends nothing and
says so in the log, so a missing JOURNEYS_EMAIL_URL is found, not silently ignored."""

import logging

from django.core.mail.backends.base import BaseEmailBackend

logger = logging.getLogger("journeys.mail")


class NotConfiguredBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        for message in email_messages:
            logger.error(
                "Email not sent to %s (%r): JOURNEYS_EMAIL_URL is not set, so Journeys has no mail server",
                ", ".join(message.to),
                message.subject,
            )
        return 0
