"""Sign-in lockout behind a load balancer: per email address for a fixed hour, per client address
across email addresses, with the client address taken only from the trusted proxy's header."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import RequestFactory

from journeys.accounts.lockout import client_address

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"
SIGN_IN = "/accounts/sign-in/"


def sign_in(client, email: str, password: str, client_ip: str) -> int:
    # The test client's REMOTE_ADDR, 127.0.0.1, is the trusted proxy; it names the client.
    response = client.post(
        SIGN_IN, {"username": email, "password": password}, headers={"X-Forwarded-For": client_ip}
    )
    client.logout()
    return response.status_code


def test_an_email_address_in_mixed_case_signs_in(client):
    from journeys.accounts.services import user_create

    user_create(email="editor.leeds@example.org", role="national_admin", password=PASSWORD)
    assert sign_in(client, "Editor.Leeds@Example.org", PASSWORD, "198.51.100.1") == 302


def test_failures_from_many_addresses_lock_the_email_address(client, make_user):
    user = make_user("la_viewer", la="330")
    for n in range(settings.AXES_FAILURE_LIMIT):
        email = user.email.upper() if n % 2 else user.email  # case does not split the count
        # The failure that reaches the limit is answered with the lockout page.
        expected = 429 if n == settings.AXES_FAILURE_LIMIT - 1 else 200
        assert sign_in(client, email, "wrong", f"198.51.100.{n + 1}") == expected
    assert sign_in(client, user.email, PASSWORD, "203.0.113.50") == 429


def test_the_lock_lasts_a_fixed_hour_that_further_failures_do_not_extend(client, make_user):
    user = make_user("la_viewer", la="330")
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, user.email, "wrong", f"198.51.100.{n + 1}")
    locked_at = (
        AccessAttempt.objects.filter(username=user.email).order_by("-attempt_time").first().attempt_time
    )
    for n in range(10):  # an attacker keeps guessing while the address is locked
        assert sign_in(client, user.email, "wrong", f"192.0.2.{n + 1}") == 429
    attempts = AccessAttempt.objects.filter(username=user.email)
    assert max(a.attempt_time for a in attempts) == locked_at
    assert sum(a.failures_since_start for a in attempts) == settings.AXES_FAILURE_LIMIT
    # An hour after the failure that locked it, the person can sign in again.
    attempts.update(attempt_time=locked_at - timedelta(hours=settings.AXES_COOLOFF_TIME, seconds=1))
    assert sign_in(client, user.email, PASSWORD, "203.0.113.50") == 302


def test_one_address_is_limited_across_email_addresses(client, make_user):
    people = [make_user("la_viewer", la="330") for _ in range(3)]
    attacker = "198.51.100.66"
    for n in range(settings.SIGN_IN_ADDRESS_FAILURE_LIMIT - 1):  # one guess at each of many names
        assert sign_in(client, f"person{n}@example.org", "wrong", attacker) == 200
    # Signing in to an account of one's own does not wipe the address's count.
    assert sign_in(client, people[0].email, PASSWORD, attacker) == 302
    assert sign_in(client, "one-more@example.org", "wrong", attacker) == 429  # the limit
    assert sign_in(client, people[1].email, PASSWORD, attacker) == 429
    # The people themselves, elsewhere, are not locked out.
    assert sign_in(client, people[1].email, PASSWORD, "203.0.113.7") == 302
    assert sign_in(client, people[2].email, PASSWORD, "203.0.113.8") == 302


@pytest.mark.parametrize(
    ("remote_addr", "forwarded", "client"),
    [
        ("127.0.0.1", "198.51.100.7", "198.51.100.7"),  # through the trusted proxy
        ("127.0.0.1", "10.9.9.9, 198.51.100.7", "198.51.100.7"),  # the client's own entry is ignored
        ("127.0.0.1", "", "127.0.0.1"),
        ("127.0.0.1", "not-an-address", "127.0.0.1"),
        ("203.0.113.9", "198.51.100.7", "203.0.113.9"),  # not through a trusted proxy: header ignored
    ],
)
def test_the_client_address_is_the_one_the_trusted_proxy_saw(remote_addr, forwarded, client):
    request = RequestFactory().get("/", REMOTE_ADDR=remote_addr, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == client
