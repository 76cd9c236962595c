"""Sign-in lockout (django-axes), tuned for Journeys behind a load balancer.

- An email address is locked after AXES_FAILURE_LIMIT failures from anywhere, for a fixed
  AXES_COOLOFF_TIME from the failure that locked it: failures while locked are not counted, so
  an attacker cannot keep a named person locked out by going on guessing.
- One client address is locked after SIGN_IN_ADDRESS_FAILURE_LIMIT failures across all email
  addresses, so it cannot try a few passwords for each of many people.
- The client address is the one the trusted proxies (JOURNEYS_FORWARDED_ALLOW_IPS) put in
  X-Forwarded-For, never a value the client wrote there itself.
"""

from __future__ import annotations

from ipaddress import ip_address

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings


def sign_in_username(request, credentials: dict | None) -> str:
    """The email address tried, as it is stored (lower case), so case does not split the count."""
    given = (credentials or {}).get("username") or request.POST.get(settings.AXES_USERNAME_FORM_FIELD, "")
    return str(given).strip().lower()


def _trusted(address: str) -> bool:
    trusted = settings.TRUSTED_PROXIES
    return "*" in trusted or address in trusted


def client_address(request) -> str:
    """The nearest address in X-Forwarded-For that is not a trusted proxy; REMOTE_ADDR when the
    request did not come through one. Entries to the left of it were written by the client."""
    address = request.META.get("REMOTE_ADDR", "")
    if not _trusted(address):
        return address
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for hop in reversed([part for part in forwarded if part]):
        try:
            ip_address(hop)
        except ValueError:
            return address  # a malformed chain: count it against the proxy, not a made-up client
        if not _trusted(hop):
            return hop
        address = hop
    return address


class SignInLockoutHandler(AxesDatabaseHandler):
    """Counts failures per email address and per client address (AXES_LOCKOUT_PARAMETERS, in that
    order), each against its own limit."""

    def get_failures(self, request, credentials: dict | None = None) -> int:
        by_username, by_address = (
            sum(attempts.values_list("failures_since_start", flat=True))
            for attempts in self.get_user_attempts(request, credentials)
        )
        # axes compares one number with AXES_FAILURE_LIMIT: scale the address's count so it
        # reaches that limit exactly when it reaches its own.
        scaled = by_address * settings.AXES_FAILURE_LIMIT // settings.SIGN_IN_ADDRESS_FAILURE_LIMIT
        return max(by_username, scaled)

    def reset_user_attempts(self, request, credentials: dict | None = None) -> int:
        """A successful sign-in clears that email address's failures only: clearing the client
        address's too would let someone wipe their count of guesses by signing in to their own account."""
        by_username = self.filter_user_attempts(request, credentials)[0]
        count, _ = by_username.delete()
        return count
