"""Reads for accounts: finding users, checking API tokens, the audit log."""

from datetime import date

from auditlog.models import LogEntry
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.utils import timezone

from . import permissions
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


# The records the audit log holds, by content type: (app label, model).
AUDITED_RECORDS = (
    ("priorities", "priority"),
    ("improvement", "selfevaluation"),
    ("support", "supportengagement"),
    ("workshops", "workshopcontribution"),
    ("workshops", "workshopseries"),
    ("accounts", "user"),
    ("accounts", "apitoken"),
    ("evidence", "comparisongroup"),
)


def audit_record_kinds() -> list[tuple[str, str]]:
    """(value, label) for each kind of record the log holds, for a filter."""
    kinds = []
    for app_label, model in AUDITED_RECORDS:
        content_type = ContentType.objects.filter(app_label=app_label, model=model).first()
        if content_type is not None and content_type.model_class() is not None:
            kinds.append(
                (f"{app_label}.{model}", str(content_type.model_class()._meta.verbose_name).capitalize())
            )
    return kinds


def audit_log_list(
    *,
    la=None,
    user: str = "",
    record: str = "",
    text: str = "",
    since: date | None = None,
    until: date | None = None,
    limit: int = 200,
) -> QuerySet[LogEntry]:
    """The latest changes, newest first: to one LA's records (or by its people), by users whose
    email contains ``user``, to one kind of record ("app_label.model") whose name contains
    ``text``, between two dates (inclusive)."""
    entries = LogEntry.objects.select_related("actor", "actor__la", "content_type")
    if la is not None:
        entries = entries.filter(Q(additional_data__la_id=la.pk) | Q(actor__la=la))
    if user:
        entries = entries.filter(actor__email__icontains=user.strip())
    if record and "." in record:
        app_label, model = record.split(".", 1)
        entries = entries.filter(content_type__app_label=app_label, content_type__model=model)
    if text:
        entries = entries.filter(object_repr__icontains=text.strip())
    if since:
        entries = entries.filter(timestamp__date__gte=since)
    if until:
        entries = entries.filter(timestamp__date__lte=until)
    return entries.order_by("-timestamp")[:limit]


def people_list(*, user, role: str = "", status: str = "", query: str = "") -> QuerySet[User]:
    """The users this user manages (permissions.people_rule), filtered by role, status and text."""
    rule = permissions.people_rule(user)
    people = User.objects.select_related("la")
    if rule is not None:
        people = people.filter(rule)
    if role:
        people = people.filter(role=role)
    # Invited: not yet signed in and no password set (someone signing in with their council's
    # identity has no password either, but has signed in).
    invited = Q(password__startswith=UNUSABLE_PASSWORD_PREFIX, last_login__isnull=True)
    if status == "active":
        people = people.filter(is_active=True).exclude(invited)
    elif status == "invited":
        people = people.filter(invited, is_active=True)
    elif status == "off":
        people = people.filter(is_active=False)
    if query:
        people = people.filter(Q(email__icontains=query) | Q(name__icontains=query))
    return people.order_by("email")


def person_get(*, pk: int) -> User:
    return User.objects.select_related("la").get(pk=pk)
