"""A real SMTP server on loopback for tests: aiosmtpd, keeping every message that arrives."""

import email
import email.policy
import socket
from contextlib import contextmanager

from aiosmtpd.controller import Controller

from journeys.mail.configuration import email_settings


class Mailbox:
    """What the server received; ``refuse`` answers the next so many messages 'try again later'."""

    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []
        self.refuse = 0

    async def handle_DATA(self, server, session, envelope):
        if self.refuse:
            self.refuse -= 1
            return "451 Requested action aborted: try again later"
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 Message accepted for delivery"

    def only(self) -> email.message.EmailMessage:
        assert len(self.messages) == 1, f"{len(self.messages)} messages arrived"
        return self.messages[0]


def text_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content().replace("\r\n", "\n")


def html_of(message) -> str:
    return message.get_body(preferencelist=("html",)).get_content()


def free_port() -> int:
    # aiosmtpd checks its port by connecting to it, so it cannot be given port 0.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def smtp_server(settings):
    """Start the server on a free loopback port and point Journeys at it via JOURNEYS_EMAIL_URL's
    parser, as a deployment would."""
    mailbox = Mailbox()
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        for name, value in email_settings(f"smtp://127.0.0.1:{port}?timeout=5").items():
            setattr(settings, name, value)
        yield mailbox
    finally:
        controller.stop()
