"""Every message Journeys sends goes through ``notification_send``: one place to change how mail
leaves (today Django's own mail backend, plain text with an HTML alternative)."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def notification_send(*, to: Iterable[str], template: str, context: dict) -> int:
    """Send ``notifications/<template>`` (``_subject.txt``, ``.txt``, ``.html``) to each address
    once; returns how many were addressed (none when nobody has an address)."""
    recipients = sorted({address.strip().lower() for address in to if address and address.strip()})
    if not recipients:
        return 0
    context = {"service_url": settings.BASE_URL, **context}
    subject = " ".join(render_to_string(f"notifications/{template}_subject.txt", context).split())
    text = render_to_string(f"notifications/{template}.txt", context)
    html = render_to_string(f"notifications/{template}.html", {**context, "subject": subject, "text": text})
    message = EmailMultiAlternatives(subject=subject, body=text, to=recipients)
    message.attach_alternative(html, "text/html")
    message.send()
    return len(recipients)
