"""Email reaches a real SMTP server, in the background, and is tried again when the server fails."""

import logging

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from journeys.mail.backends import NotConfiguredBackend
from journeys.mail.configuration import email_settings
from journeys.mail.services import email_send

from .smtp import html_of, smtp_server, text_of

LINK = "http://127.0.0.1:8000/accounts/set-password/MQ/abc-123/"


def test_email_urls_choose_plain_starttls_or_tls_and_carry_credentials():
    plain = email_settings("smtp://127.0.0.1:1025")
    assert (plain["EMAIL_HOST"], plain["EMAIL_PORT"], plain["EMAIL_USE_TLS"], plain["EMAIL_USE_SSL"]) == (
        "127.0.0.1",
        1025,
        False,
        False,
    )
    later = email_settings("smtp+tls://journeys%40council.gov.uk:p%40ss@smtp.council.gov.uk")
    assert (later["EMAIL_PORT"], later["EMAIL_USE_TLS"], later["EMAIL_USE_SSL"]) == (587, True, False)
    assert (later["EMAIL_HOST_USER"], later["EMAIL_HOST_PASSWORD"]) == ("journeys@council.gov.uk", "p@ss")
    tls = email_settings("smtps://mail.example.org?timeout=3")
    assert (tls["EMAIL_PORT"], tls["EMAIL_USE_TLS"], tls["EMAIL_USE_SSL"], tls["EMAIL_TIMEOUT"]) == (
        465,
        False,
        True,
        3.0,
    )
    with pytest.raises(ValueError, match="must start smtp://"):
        email_settings("http://127.0.0.1:1025")


def _send():
    email_send(
        to="lead@council.gov.uk",
        subject="Reset your Journeys password",
        template="password_reset",
        context={"email": "lead@council.gov.uk", "link": LINK, "link_days": 3},
    )


@pytest.mark.django_db(transaction=True)
def test_a_message_is_delivered_by_the_worker_as_text_and_html(settings):
    with smtp_server(settings) as mailbox:
        _send()
        assert mailbox.messages == []  # queued, not sent while the page waits
        call_command("worker", batch=True, verbosity=0)
        message = mailbox.only()
    assert message["To"] == "lead@council.gov.uk"
    assert message["Subject"] == "Reset your Journeys password"
    assert f"\n{LINK}\n" in text_of(message)  # the link on a line of its own
    assert f'<a href="{LINK}"' in html_of(message)
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


@pytest.mark.django_db(transaction=True)
def test_a_message_the_server_refuses_for_now_is_sent_again(settings):
    settings.EMAIL_RETRY_SECONDS = [0, 0]
    with smtp_server(settings) as mailbox:
        mailbox.refuse = 1
        _send()
        call_command("worker", batch=True, max_tasks=1, verbosity=0)
        assert mailbox.messages == []
        assert sorted(DBTaskResult.objects.values_list("status", flat=True)) == ["FAILED", "READY"]
        call_command("worker", batch=True, verbosity=0)
        assert mailbox.only()["Subject"] == "Reset your Journeys password"


@pytest.mark.django_db(transaction=True)
def test_retries_stop_after_the_last_wait(settings):
    settings.EMAIL_RETRY_SECONDS = [0]
    with smtp_server(settings) as mailbox:
        mailbox.refuse = 5
        _send()
        call_command("worker", batch=True, verbosity=0)
        assert mailbox.messages == []
    assert list(DBTaskResult.objects.values_list("status", flat=True)) == ["FAILED", "FAILED"]


def test_without_a_mail_server_production_sends_nothing_and_says_so(caplog):
    from django.core.mail import EmailMessage

    message = EmailMessage("Reset your Journeys password", "text", to=["lead@council.gov.uk"])
    with caplog.at_level(logging.ERROR, logger="journeys.mail"):
        assert NotConfiguredBackend().send_messages([message]) == 0
    assert "JOURNEYS_EMAIL_URL is not set" in caplog.text
    assert "lead@council.gov.uk" in caplog.text
