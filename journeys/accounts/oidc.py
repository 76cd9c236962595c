"""Signing in with the council's own identity: OpenID Connect (Microsoft Entra ID and the like)
through mozilla-django-oidc, configured by the JOURNEYS_OIDC_* settings.

Journeys sends the browser to the council's provider, which sends it back with a code; Journeys
exchanges the code for tokens at the provider's token endpoint, checks the ID token's signature
(the provider's published keys), issuer, audience, expiry and nonce, and reads the person's email
address. Someone with an account signs in to it. Someone new gets an account only when their
email domain is confirmed by a national admin (``SignInDomain``), with the LA and role set
there; a domain seen for the first time is recorded for a national admin to confirm, and its
people get no access until then. Local passwords still work for everyone else.
"""

import logging

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from .models import SignInDomain, User
from .services import user_create

logger = logging.getLogger("journeys.accounts")


def email_domain(email: str) -> str:
    return email.rsplit("@", 1)[-1].strip().lower()


def sign_in_domain_seen(*, email: str) -> SignInDomain:
    """The domain of an address that signed in at the provider, recorded if it is new."""
    domain, created = SignInDomain.objects.get_or_create(domain=email_domain(email))
    if created:
        logger.warning(
            "Sign-in from %s, a domain not yet confirmed: a national admin must confirm it", domain
        )
    return domain


def sign_in_domain_confirm(*, domain: SignInDomain, by: User) -> SignInDomain:
    """Let the domain's people in, as its LA and role; it must name an LA."""
    if domain.la_id is None:
        raise ValueError(f"{domain.domain} names no local authority")
    domain.confirmed_by, domain.confirmed_at = by, timezone.now()
    domain.save(update_fields=["confirmed_by", "confirmed_at"])
    return domain


class CouncilIdentityBackend(OIDCAuthenticationBackend):
    def authenticate(self, request, **kwargs):
        # A token that fails a check is a refused sign-in (the refusal page), not a server error.
        try:
            return super().authenticate(request, **kwargs)
        except SuspiciousOperation as refused:
            logger.warning("Council sign-in refused: %s", refused)
            return None

    def verify_token(self, token, **kwargs):
        payload = super().verify_token(token, **kwargs)  # signature, expiry and nonce
        audience = payload.get("aud")
        if self.OIDC_RP_CLIENT_ID not in (audience if isinstance(audience, list) else [audience]):
            raise SuspiciousOperation("The ID token was issued to another client")
        if settings.OIDC_OP_ISSUER and payload.get("iss") != settings.OIDC_OP_ISSUER:
            raise SuspiciousOperation("The ID token was issued by another provider")
        return payload

    def verify_claims(self, claims):
        email = claims.get("email")
        if not email or claims.get("email_verified") is False:
            return False
        # Accounts that already exist too: the provider speaks for a domain only once it is confirmed.
        return sign_in_domain_seen(email=email).is_confirmed

    def filter_users_by_claims(self, claims):
        return User.objects.filter(email=claims["email"].strip().lower())

    def create_user(self, claims):
        domain = SignInDomain.objects.get(domain=email_domain(claims["email"]))
        return user_create(email=claims["email"], role=domain.role, la=domain.la, name=claims.get("name", ""))


class CouncilSignInView(OIDCAuthenticationRequestView):
    """Sends the browser to the council's provider; not found when none is configured."""

    def get(self, request):
        if not settings.OIDC_ENABLED:
            raise Http404
        return super().get(request)


class CouncilSignInCallbackView(OIDCAuthenticationCallbackView):
    @property
    def failure_url(self):
        return reverse("accounts:council-sign-in-refused")

    def get(self, request):
        if not settings.OIDC_ENABLED:
            raise Http404
        return super().get(request)


@require_GET
def council_sign_in_refused_view(request):
    return render(request, "accounts/council_sign_in_refused.html")
