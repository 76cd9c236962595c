"""Writes that email people a link: invitations, password resets, and changes to who holds what role.

Links carry Django's password-reset token (``default_token_generator``): it works for
settings.PASSWORD_RESET_TIMEOUT and stops working once the password it was issued against
changes, so each link works once. Links start with settings.BASE_URL, never the request's Host
header, so nobody can have Journeys mail out a link to their own site.
"""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from journeys.authorities.models import LocalAuthority
from journeys.mail.services import email_send

from .models import Role, User
from .services import user_create


def set_password_link(*, user: User) -> str:
    path = reverse(
        "accounts:set-password",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return settings.BASE_URL + path


def link_days() -> int:
    return settings.PASSWORD_RESET_TIMEOUT // (24 * 60 * 60)


@transaction.atomic
def user_invite(
    *,
    email: str,
    role: str,
    la: LocalAuthority | None = None,
    region: str = "",
    name: str = "",
    invited_by: User | None = None,
) -> tuple[User, str]:
    """Create an account with no password and email its owner a link to set one; returns the user
    and the link. The message is queued with the account, so it goes only if the account is made."""
    user = user_create(email=email, role=role, la=la, region=region, name=name)
    link = set_password_link(user=user)
    inviter = (invited_by.name or invited_by.email) if invited_by else "The Journeys team"
    email_send(
        to=user.email,
        subject="You have been invited to use Journeys",
        template="invitation",
        context={
            "invited_by": inviter,
            "role_description": invited_role(user),
            "link": link,
            "link_days": link_days(),
            "reset_url": settings.BASE_URL + reverse("accounts:reset-password"),
        },
    )
    return user, link


def invited_role(user: User) -> str:
    """The role in a sentence: "a local authority editor for Birmingham"."""
    label = Role(user.role).label.lower()
    article = "an" if label[0] in "aeiou" else "a"
    where = f" for {user.la.name}" if user.la_id else (f" in {user.region}" if user.region else "")
    return f"{article} {label}{where}"


def password_reset_send(*, email: str) -> None:
    """Email a reset link to the active account with this address, if there is one. Callers say
    the same thing either way, so the page does not tell who has an account."""
    user = User.objects.filter(email=email.strip().lower(), is_active=True).first()
    if user is None:
        return
    email_send(
        to=user.email,
        subject="Reset your Journeys password",
        template="password_reset",
        context={"email": user.email, "link": set_password_link(user=user), "link_days": link_days()},
    )


def user_change_role(*, user: User, role: str, la: LocalAuthority | None, region: str) -> User:
    """Give a user a new role (with its LA or region); only national admins use the Django admin."""
    user.role, user.la, user.region = Role(role), la, region
    user.is_staff = user.is_superuser = role == Role.NATIONAL_ADMIN
    user.full_clean(exclude=["password"])
    user.save(update_fields=["role", "la", "region", "is_staff", "is_superuser"])
    return user
