"""``journeys users create|invite|password|deactivate|token|tokens|revoke``: accounts and API tokens."""

import getpass

from django.core.exceptions import ValidationError
from django.utils import timezone

from journeys.accounts.invitations import user_invite
from journeys.accounts.models import Role, User
from journeys.accounts.selectors import api_token_list, api_tokens_matching, user_get_by_email
from journeys.accounts.services import (
    api_token_create,
    api_token_revoke,
    api_tokens_revoke,
    user_create,
    user_deactivate,
    user_set_password,
)
from journeys.authorities.models import LocalAuthority
from journeys.authorities.register import REGIONS
from journeys.authorities.selectors import authority_get
from journeys.common.commands import JourneysCommand, bad_input

ACTIONS = "{create,invite,password,deactivate,token,tokens,revoke}"


def _day(moment) -> str:
    return f"{timezone.localtime(moment):%-d %b %Y}"


def _one_line(invalid: ValidationError) -> str:
    return "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in invalid.message_dict.items())


class Command(JourneysCommand):
    help = "Create, invite and switch off users, set passwords, issue, list and revoke API tokens."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar=ACTIONS)
        create = actions.add_parser("create", help="create a user")
        create.add_argument("--email", required=True)
        create.add_argument("--role", required=True, choices=Role.values)
        create.add_argument("--la", help="the user's local authority (LA roles)")
        create.add_argument("--region", help="the coordinator's region")
        create.add_argument("--password", help="a password (otherwise they cannot sign in until one is set)")
        create.add_argument("--json", action="store_true")
        invite = actions.add_parser(
            "invite", help="create a user and email them a link to set their password; prints the link"
        )
        invite.add_argument("--email", required=True)
        invite.add_argument("--role", required=True, choices=Role.values)
        invite.add_argument("--la", help="the user's local authority (LA roles)")
        invite.add_argument("--region", help="the coordinator's region")
        invite.add_argument("--name", default="", help="the person's full name")
        invite.add_argument("--json", action="store_true")
        password = actions.add_parser("password", help="set a user's password (asked for unless given)")
        password.add_argument("email")
        password.add_argument("--password", help="the new password")
        deactivate = actions.add_parser(
            "deactivate", help="switch a user off: no sign-in, sessions end, every token revoked"
        )
        deactivate.add_argument("email")
        token = actions.add_parser(
            "token", help="issue a new API token; it is printed alone on the last line"
        )
        token.add_argument("email")
        token.add_argument("--days", type=int, help="days until it expires (default JOURNEYS_TOKEN_DAYS)")
        tokens = actions.add_parser(
            "tokens", help="list a user's API tokens (their prefixes, never the tokens)"
        )
        tokens.add_argument("email")
        tokens.add_argument("--json", action="store_true")
        revoke = actions.add_parser(
            "revoke", help="revoke a token (by its prefix or whole), or all of a user's"
        )
        target = revoke.add_mutually_exclusive_group(required=True)
        target.add_argument("token", nargs="?", help="the token, or the prefix `users tokens` shows")
        target.add_argument("--all", metavar="EMAIL", help="revoke every token of this user")

    def handle(self, *args, action, **options):
        getattr(self, action)(options)

    def _user(self, email: str) -> User:
        try:
            return user_get_by_email(email=email)
        except User.DoesNotExist:
            raise bad_input(f"no user with email {email!r}") from None

    def _new_user_fields(self, options) -> tuple:
        la = None
        if options["la"]:
            try:
                la = authority_get(query=options["la"])
            except LocalAuthority.DoesNotExist:
                raise bad_input(f"no local authority matches {options['la']!r}") from None
        region = options["region"] or ""
        if region and region not in REGIONS:
            raise bad_input(f"unknown region {region!r}; choose one of: {', '.join(REGIONS)}")
        if User.objects.filter(email=options["email"].strip().lower()).exists():
            raise bad_input(f"a user with email {options['email']!r} already exists")
        return la, region

    def create(self, options):
        la, region = self._new_user_fields(options)
        try:
            user = user_create(
                email=options["email"],
                role=options["role"],
                la=la,
                region=region,
                password=options["password"],
            )
        except ValidationError as invalid:
            raise bad_input(_one_line(invalid)) from invalid
        if options["json"]:
            self.write_json(
                {"email": user.email, "role": user.role, "la": la and la.old_la_code, "region": region}
            )
        else:
            self.stdout.write(f"Created {user.email} ({user.role_description}).")

    def invite(self, options):
        la, region = self._new_user_fields(options)
        try:
            user, link = user_invite(
                email=options["email"], role=options["role"], la=la, region=region, name=options["name"]
            )
        except ValidationError as invalid:
            raise bad_input(_one_line(invalid)) from invalid
        if options["json"]:
            self.write_json(
                {"email": user.email, "role": user.role, "la": la and la.old_la_code, "link": link}
            )
            return
        self.stdout.write(
            f"Invited {user.email} ({user.role_description}); `journeys worker` sends the email. "
            "Their link to set a password:"
        )
        self.stdout.write(link)

    def password(self, options):
        user = self._user(options["email"])
        password = options["password"] or getpass.getpass(f"New password for {user.email}: ")
        try:
            user_set_password(user=user, password=password)
        except ValidationError as invalid:
            raise bad_input(_one_line(invalid)) from invalid
        self.stdout.write(f"Password set for {user.email}.")

    def deactivate(self, options):
        user = self._user(options["email"])
        revoked = user_deactivate(user=user)
        self.stdout.write(f"Switched off {user.email}; revoked {revoked} API token(s).")

    def token(self, options):
        user = self._user(options["email"])
        if not user.is_active:
            raise bad_input(f"{user.email} is switched off")
        days = options["days"]
        if days is not None and days < 1:
            raise bad_input("--days must be 1 or more")
        token = api_token_create(user=user, days=days)
        expires = api_token_list(user=user).first().expires_at
        self.stdout.write(
            f"API token for {user.email}, until {timezone.localtime(expires):%-d %B %Y %H:%M} "
            "(shown once; keep it secret):"
        )
        self.stdout.write(token)

    def tokens(self, options):
        user = self._user(options["email"])
        now = timezone.now()
        rows = [
            {
                "prefix": t.prefix,
                "state": t.state(now),
                "created_at": t.created_at,
                "expires_at": t.expires_at,
                "last_used_at": t.last_used_at,
                "revoked_at": t.revoked_at,
            }
            for t in api_token_list(user=user)
        ]
        if options["json"]:
            self.write_json(rows)
            return
        if not rows:
            self.stdout.write(f"{user.email} has no API tokens.")
        for row in rows:
            used = _day(row["last_used_at"]) if row["last_used_at"] else "never"
            self.stdout.write(
                f"{row['prefix']}…  {row['state']:<7}  issued {_day(row['created_at'])}"
                f"  expires {_day(row['expires_at'])}  last used {used}"
            )

    def revoke(self, options):
        if options["all"]:
            user = self._user(options["all"])
            self.stdout.write(f"Revoked {api_tokens_revoke(user=user)} API token(s) of {user.email}.")
            return
        token = options["token"].strip().rstrip("…")
        matches = list(api_tokens_matching(token=token))
        if not matches:
            raise bad_input(f"no API token matches {token!r}")
        if len(matches) > 1:
            raise bad_input(f"{len(matches)} tokens start {token!r}; give the whole token")
        api_token_revoke(api_token=matches[0])
        self.stdout.write(f"Revoked {matches[0].prefix}… of {matches[0].user.email}.")
