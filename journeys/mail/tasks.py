"""The background job that hands a message to the mail server, retried when the server fails."""

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger("journeys.mail")


@task()
def deliver_email(*, to: str, subject: str, text: str, html: str, attempt: int = 1) -> int:
    """Send the message; if the mail server cannot be reached or refuses it for now, queue it
    again after the next of settings.EMAIL_RETRY_SECONDS and fail this attempt."""
    message = EmailMultiAlternatives(subject=subject, body=text, to=[to])
    message.attach_alternative(html, "text/html")
    try:
        return message.send()
    except (smtplib.SMTPException, OSError) as failure:
        delays = settings.EMAIL_RETRY_SECONDS
        if attempt <= len(delays):
            deliver_email.using(run_after=timezone.now() + timedelta(seconds=delays[attempt - 1])).enqueue(
                to=to, subject=subject, text=text, html=html, attempt=attempt + 1
            )
            logger.warning("Email to %s failed (attempt %d, %s); trying again later", to, attempt, failure)
        else:
            logger.error("Email to %s failed %d times (%s); giving up", to, attempt, failure)
        raise
