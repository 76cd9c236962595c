"""Reads for accounts: finding users, checking API tokens, the audit log."""

from auditlog.models import LogEntry
from django.db.models import QuerySet
from django.utils import timezone

from .models import ApiToken, User
from .services import TOKEN_PREFIX, token_hash


def user_get_by_email(*, email: str) -> User:
    return User.objects.select_related("la").get(email=email.strip().lower())


def api_token_find(*, token: str) -> ApiToken | None:
    """The live token (not revoked, not expired) matching a bearer token, with its active user, or None."""
    if not token.startswith(TOKEN_PREFIX):
        return None
    return (
        ApiToken.objects.select_related("user", "user__la")
        .filter(
            key_hash=token_hash(token),
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
            user__is_active=True,
        )
        .first()
    )


def api_token_list(*, user: User) -> QuerySet[ApiToken]:
    """A user's tokens, newest first, revoked and expired ones included."""
    return ApiToken.objects.filter(user=user)


def api_tokens_matching(*, token: str) -> QuerySet[ApiToken]:
    """Tokens named by a whole token or by the prefix `journeys users tokens` shows."""
    if len(token) > len(TOKEN_PREFIX) + 8:
        return ApiToken.objects.select_related("user").filter(key_hash=token_hash(token))
    return ApiToken.objects.select_related("user").filter(prefix=token)


def audit_log_list(*, limit: int = 200) -> QuerySet[LogEntry]:
    return LogEntry.objects.select_related("actor", "content_type").order_by("-timestamp")[:limit]
