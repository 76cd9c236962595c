"""Writes for accounts: creating and switching off users, issuing and revoking API tokens."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from journeys.authorities.models import LocalAuthority

from .models import ApiToken, Role, User

TOKEN_PREFIX = "jrn_"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def user_create(
    *,
    email: str,
    role: str,
    la: LocalAuthority | None = None,
    region: str = "",
    password: str | None = None,
    name: str = "",
) -> User:
    """Create a user; without a password they cannot sign in until one is set."""
    user = User(email=email.strip().lower(), role=Role(role), la=la, region=region, name=name)
    user.is_staff = user.is_superuser = role == Role.NATIONAL_ADMIN
    user.full_clean(exclude=["password"])
    if password is not None:
        _check_password(password, user)
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    return user


def _check_password(password: str, user: User) -> None:
    """Django's password rules (settings.AUTH_PASSWORD_VALIDATORS: 12 characters or more, not
    common, not all numbers, not like the email address), as a ValidationError on ``password``."""
    try:
        validate_password(password, user)
    except ValidationError as invalid:
        raise ValidationError({"password": invalid.messages}) from None


def user_set_password(*, user: User, password: str) -> None:
    _check_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])


@transaction.atomic
def user_deactivate(*, user: User) -> int:
    """Switch a user off: they can no longer sign in, their sessions stop working (Django refuses
    an inactive user's session) and every token of theirs is revoked. Returns how many tokens."""
    user.is_active = False
    user.save(update_fields=["is_active"])
    return api_tokens_revoke(user=user)


def api_token_create(*, user: User, days: int | None = None) -> str:
    """Issue a new API token, valid for ``days`` (settings.API_TOKEN_DAYS by default), and return
    it; only its hash is kept, so it is shown once."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    lifetime = timedelta(days=settings.API_TOKEN_DAYS if days is None else days)
    ApiToken.objects.create(
        user=user, key_hash=token_hash(token), prefix=token[:12], expires_at=timezone.now() + lifetime
    )
    return token


def api_token_revoke(*, api_token: ApiToken) -> None:
    if api_token.revoked_at is None:
        api_token.revoked_at = timezone.now()
        api_token.save(update_fields=["revoked_at"])


def api_tokens_revoke(*, user: User) -> int:
    """Revoke every token of a user not already revoked; returns how many."""
    tokens = list(ApiToken.objects.filter(user=user, revoked_at__isnull=True))
    for api_token in tokens:  # one by one, so each revocation is in the audit log
        api_token_revoke(api_token=api_token)
    return len(tokens)


def api_token_record_use(*, api_token: ApiToken) -> None:
    # At most once a minute, so API reads do not each become a write.
    now = timezone.now()
    if api_token.last_used_at is None or (now - api_token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)


# Demonstration accounts, one per role, created only in a debug (development or demo) run.
DEMO_PASSWORD = "journeys-demo-only"
DEMO_ACCOUNTS = [
    ("admin@journeys.example", Role.NATIONAL_ADMIN, None, ""),
    ("coordinator.westmidlands@journeys.example", Role.REGIONAL_COORDINATOR, None, "West Midlands"),
    ("coordinator.northwest@journeys.example", Role.REGIONAL_COORDINATOR, None, "North West"),
    ("editor.birmingham@journeys.example", Role.LA_EDITOR, "330", ""),
    ("viewer.birmingham@journeys.example", Role.LA_VIEWER, "330", ""),
    ("member.birmingham@journeys.example", Role.ELECTED_MEMBER, "330", ""),
    ("editor.manchester@journeys.example", Role.LA_EDITOR, "352", ""),
]


def demo_accounts_create() -> list[tuple[str, str]]:
    """Create the demonstration accounts if missing; returns (email, role description) pairs."""
    created = []
    for email, role, la_code, region in DEMO_ACCOUNTS:
        user = User.objects.filter(email=email).first()
        if user is None:
            la = LocalAuthority.objects.get(old_la_code=la_code) if la_code else None
            user = user_create(email=email, role=role, la=la, region=region, password=DEMO_PASSWORD)
        created.append((user.email, user.role_description))
    return created
