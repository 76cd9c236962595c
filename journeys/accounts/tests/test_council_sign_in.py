"""Signing in with the council's identity, end to end over HTTP on loopback: Journeys' live server
sends the client to a real OpenID Connect provider, which sends it back with a code that Journeys
exchanges at the provider's token endpoint. An unconfirmed email domain gets no access until a
national admin confirms it; passwords still work."""

import re

import pytest
import requests
from django.test import Client

from journeys.accounts.models import Role, SignInDomain, User
from journeys.authorities.models import LocalAuthority
from journeys.conftest import load_reference_data

from .oidc_provider import CLIENT_SECRET, Provider, host_of

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def provider(settings, live_server):
    load_reference_data()  # the live server's database is emptied between tests
    with Provider() as running:
        for name, value in running.settings().items():
            setattr(settings, name, value)
        # As the settings put it when JOURNEYS_OIDC_CLIENT_ID is set.
        settings.AUTHENTICATION_BACKENDS = [
            "journeys.accounts.oidc.CouncilIdentityBackend",
            *settings.AUTHENTICATION_BACKENDS,
        ]
        yield running


def confirmed(domain: str, *, la: str = "330", role: str = Role.LA_EDITOR) -> SignInDomain:
    from journeys.accounts.oidc import sign_in_domain_confirm

    admin = User.objects.filter(role=Role.NATIONAL_ADMIN).first() or User.objects.create_superuser(
        "admin@journeys.example", "a long admin password"
    )
    entry = SignInDomain.objects.create(
        domain=domain, la=LocalAuthority.objects.get(old_la_code=la), role=role
    )
    return sign_in_domain_confirm(domain=entry, by=admin)


def council_sign_in(live_server) -> requests.Response:
    """What a browser does: open the sign-in page, follow its council button through the provider."""
    browser = requests.Session()
    page = browser.get(f"{live_server.url}/accounts/sign-in/", timeout=30)
    href = re.search(r'href="([^"]+)"[^>]*>\s*Sign in with your council account', page.text).group(1)
    answer = browser.get(live_server.url + href, timeout=30)
    answer.hops = [host_of(r.headers["Location"]) for r in answer.history]
    return answer


def signed_in_as(page: requests.Response) -> str | None:
    match = re.search(r"Signed in as (\S+) ", page.text)
    return match and match.group(1)


def test_a_newcomer_from_a_confirmed_domain_signs_in_through_the_councils_provider(provider, live_server):
    confirmed("council.gov.uk")
    home = council_sign_in(live_server)
    assert home.status_code == 200 and home.url == f"{live_server.url}/"
    assert signed_in_as(home) == "lead@council.gov.uk"
    # The client went to the provider and back; Journeys exchanged the code itself over HTTP.
    assert home.hops[0] == host_of(provider.issuer)
    assert [(r["grant_type"], r["client_secret"]) for r in provider.token_requests] == [
        ("authorization_code", CLIENT_SECRET)
    ]
    user = User.objects.get(email="lead@council.gov.uk")
    assert (user.role, user.la.old_la_code, user.name) == (Role.LA_EDITOR, "330", "Alex Lead")
    assert not user.has_usable_password()


def test_an_existing_account_keeps_its_role(provider, live_server, make_user):
    existing = make_user("elected_member", la="330")  # an address at example.org
    confirmed("example.org", role=Role.LA_VIEWER)
    provider.person = {"email": existing.email.upper(), "name": "Cllr Member"}
    assert signed_in_as(council_sign_in(live_server)) == existing.email
    existing.refresh_from_db()
    assert existing.role == Role.ELECTED_MEMBER
    assert existing.check_password("correct horse battery staple")  # the password still works too


def test_an_unknown_domain_gets_no_access_until_a_national_admin_confirms_it(provider, live_server):
    provider.person = {"email": "someone@newcouncil.gov.uk", "email_verified": True}
    refused = council_sign_in(live_server)
    assert "You cannot sign in with your council account yet" in refused.text
    assert signed_in_as(refused) is None
    assert not User.objects.filter(email="someone@newcouncil.gov.uk").exists()
    pending = SignInDomain.objects.get(domain="newcouncil.gov.uk")
    assert not pending.is_confirmed

    # A national admin names its LA and confirms it on the admin page.
    admin = User.objects.create_superuser("admin@journeys.example", "a long admin password")
    client = Client()
    client.force_login(admin)
    change = f"/django-admin/accounts/signindomain/{pending.pk}/change/"
    la = LocalAuthority.objects.get(old_la_code="352")
    saved = client.post(change, {"domain": "newcouncil.gov.uk", "la": la.pk, "role": Role.LA_VIEWER})
    assert saved.status_code == 302
    confirm = client.post(
        "/django-admin/accounts/signindomain/",
        {"action": "confirm", "_selected_action": [pending.pk]},
        follow=True,
    )
    assert "confirmed as Manchester, Local authority viewer" in confirm.content.decode()
    pending.refresh_from_db()
    assert pending.is_confirmed and pending.confirmed_by == admin

    assert signed_in_as(council_sign_in(live_server)) == "someone@newcouncil.gov.uk"
    assert User.objects.get(email="someone@newcouncil.gov.uk").la == la


def test_an_id_token_issued_to_another_client_is_refused(provider, live_server):
    confirmed("council.gov.uk")
    provider.audience = "another-service"
    refused = council_sign_in(live_server)
    assert signed_in_as(refused) is None
    assert "You cannot sign in with your council account yet" in refused.text
    assert not User.objects.filter(email="lead@council.gov.uk").exists()


def test_without_a_provider_there_is_no_council_sign_in(client, db):
    assert b"Sign in with your council account" not in client.get("/accounts/sign-in/").content
    assert client.get("/accounts/council-sign-in/").status_code == 404


def test_refused_council_sign_ins_do_not_lock_council_sign_in_for_everyone(provider, live_server, settings):
    # The lockout counts failures by email address; a refused council sign-in has none to give.
    provider.person = {"email": "someone@unconfirmed.gov.uk"}
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        assert signed_in_as(council_sign_in(live_server)) is None
    confirmed("council.gov.uk")
    provider.person = {"email": "lead@council.gov.uk", "name": "Alex Lead"}
    assert signed_in_as(council_sign_in(live_server)) == "lead@council.gov.uk"
