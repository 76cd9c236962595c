"""Reads for accounts: finding users, checking API tokens, the audit log."""

from auditlog.models import LogEntry
from django.db.models import QuerySet

from .models import ApiToken, User
from .services import TOKEN_PREFIX, token_hash


def user_get_by_email(*, email: str) -> User:
    return User.objects.select_related("la").get(email=email.strip().lower())


def api_token_find(*, token: str) -> ApiToken | None:
    """The live token matching a bearer token, with its active user, or None."""
    if not token.startswith(TOKEN_PREFIX):
        return None
    return (
        ApiToken.objects.select_related("user", "user__la")
        .filter(key_hash=token_hash(token), revoked_at__isnull=True, user__is_active=True)
        .first()
    )


def audit_log_list(*, limit: int = 200) -> QuerySet[LogEntry]:
    return LogEntry.objects.select_related("actor", "content_type").order_by("-timestamp")[:limit]
