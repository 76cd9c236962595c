"""Invitations and password resets by email, end to end: a real SMTP server on loopback receives
the message the worker sends, and the link in it sets a password and signs in."""

import re
from datetime import datetime, timedelta
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.management import call_command
from django.test import Client
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from journeys.accounts.models import User
from journeys.conftest import load_reference_data
from journeys.mail.tests.smtp import html_of, smtp_server, text_of

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "a long new password for journeys"
LINK = re.compile(r"^(http://testserver/accounts/set-password/[^/\s]+/[^/\s]+/)$", re.MULTILINE)


@pytest.fixture
def mailbox(settings):
    load_reference_data()  # a transactional test's database is emptied after each test
    settings.BASE_URL = "http://testserver"
    with smtp_server(settings) as received:
        yield received


def deliver(mailbox):
    """Run the worker as `journeys worker --batch` does and return the one message that arrived."""
    call_command("worker", batch=True, verbosity=0)
    return mailbox.only()


def link_in(message) -> str:
    found = LINK.findall(text_of(message))
    assert len(found) == 1, text_of(message)
    assert f'href="{found[0]}"' in html_of(message)
    return found[0]


def set_password_by_link(client: Client, link: str, password: str = PASSWORD):
    opened = client.get(urlsplit(link).path)
    # Django moves the token out of the address into the session before showing the form.
    assert opened.status_code == 302
    form = client.get(opened.url)
    assert b"Set your password" in form.content
    return client.post(opened.url, {"new_password1": password, "new_password2": password})


def signed_in_as(client: Client) -> str | None:
    page = client.get("/").content.decode()
    match = re.search(r"Signed in as (\S+) ", page)
    return match and match.group(1)


def test_journeys_users_invite_emails_a_link_that_sets_a_password_and_signs_in(mailbox, capsys):
    call_command("users", "invite", "--email", "Lead@Council.gov.uk", "--role", "la_editor", "--la", "330")
    printed = capsys.readouterr().out.splitlines()[-1]
    assert mailbox.messages == []  # sent by the worker, not by the command
    message = deliver(mailbox)
    assert (message["To"], message["Subject"]) == (
        "lead@council.gov.uk",
        "You have been invited to use Journeys",
    )
    assert "as a local authority editor for Birmingham" in text_of(message)
    link = link_in(message)
    assert link == printed
    assert not User.objects.get(email="lead@council.gov.uk").has_usable_password()

    client = Client()
    done = set_password_by_link(client, link)
    assert done.status_code == 302 and done.url == "/"
    assert signed_in_as(client) == "lead@council.gov.uk"

    # The link works once.
    again = Client().get(urlsplit(link).path, follow=True)
    assert b"This link has stopped working" in again.content
    # And the password is the one chosen.
    fresh = Client()
    fresh.post("/accounts/sign-in/", {"username": "lead@council.gov.uk", "password": PASSWORD})
    assert signed_in_as(fresh) == "lead@council.gov.uk"


def test_password_reset_emails_a_link_that_replaces_the_password(mailbox, make_user):
    user = make_user("la_viewer", la="330")
    client = Client()
    page = client.post("/accounts/reset-password/", {"email": user.email.upper()})
    assert b"Check your email" in page.content
    message = deliver(mailbox)
    assert (message["To"], message["Subject"]) == (user.email, "Reset your Journeys password")
    done = set_password_by_link(client, link_in(message))
    assert done.status_code == 302
    assert signed_in_as(client) == user.email
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    assert not user.check_password("correct horse battery staple")


def test_a_reset_for_an_unknown_or_switched_off_address_looks_the_same_and_sends_nothing(mailbox, make_user):
    switched_off = make_user("la_viewer", la="330")
    switched_off.is_active = False
    switched_off.save()
    for email in ("nobody@council.gov.uk", switched_off.email):
        page = Client().post("/accounts/reset-password/", {"email": email})
        assert b"Check your email" in page.content
    call_command("worker", batch=True, verbosity=0)
    assert mailbox.messages == []


def test_an_expired_link_does_not_set_a_password(mailbox, make_user):
    user = make_user("la_viewer", la="330")

    class FourDaysAgo(PasswordResetTokenGenerator):
        def _now(self):
            return datetime.now() - timedelta(days=4)

    uid = urlsafe_base64_encode(force_bytes(user.pk))
    path = f"/accounts/set-password/{uid}/{FourDaysAgo().make_token(user)}/"
    page = Client().get(path, follow=True)
    assert b"This link has stopped working" in page.content
    assert b"Set your password" not in page.content


def test_a_switched_off_account_cannot_use_its_link(mailbox, make_user):
    user = make_user("la_viewer", la="330")
    from journeys.accounts.invitations import set_password_link

    link = set_password_link(user=user)
    user.is_active = False
    user.save()
    assert b"This link has stopped working" in Client().get(urlsplit(link).path, follow=True).content
