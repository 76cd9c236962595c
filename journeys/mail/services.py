"""Sending email: a message is rendered now and delivered in the background by ``journeys worker``."""

from django.template.loader import render_to_string

from .tasks import deliver_email


def email_send(*, to: str, subject: str, template: str, context: dict) -> None:
    """Queue one message to one address, rendered from ``mail/<template>.txt`` and ``.html``.

    Each message is written in plain English with its link on a line of its own, as GOV.UK
    services' email is, and goes as plain text with an HTML alternative."""
    context = {**context, "subject": subject}
    deliver_email.enqueue(
        to=to,
        subject=subject,
        text=render_to_string(f"mail/{template}.txt", context).strip() + "\n",
        html=render_to_string(f"mail/{template}.html", context),
    )
