"""``journeys users create|token``: accounts and API tokens."""

from django.core.exceptions import ValidationError

from journeys.accounts.models import Role, User
from journeys.accounts.selectors import user_get_by_email
from journeys.accounts.services import api_token_create, user_create
from journeys.authorities.models import LocalAuthority
from journeys.authorities.register import REGIONS
from journeys.authorities.selectors import authority_get
from journeys.common.commands import JourneysCommand, bad_input


class Command(JourneysCommand):
    help = "Create users and issue API tokens."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="{create,token}")
        create = actions.add_parser("create", help="create a user")
        create.add_argument("--email", required=True)
        create.add_argument("--role", required=True, choices=Role.values)
        create.add_argument("--la", help="the user's local authority (LA roles)")
        create.add_argument("--region", help="the coordinator's region")
        create.add_argument("--password", help="a password (otherwise they cannot sign in until one is set)")
        create.add_argument("--json", action="store_true")
        token = actions.add_parser(
            "token", help="issue a new API token; it is printed alone on the last line"
        )
        token.add_argument("email")

    def handle(self, *args, action, **options):
        if action == "create":
            self.create(options)
        else:
            self.token(options["email"])

    def create(self, options):
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
        try:
            user = user_create(
                email=options["email"],
                role=options["role"],
                la=la,
                region=region,
                password=options["password"],
            )
        except ValidationError as invalid:
            problems = "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in invalid.message_dict.items())
            raise bad_input(problems) from invalid
        if options["json"]:
            self.write_json(
                {"email": user.email, "role": user.role, "la": la and la.old_la_code, "region": region}
            )
        else:
            self.stdout.write(f"Created {user.email} ({user.role_description}).")

    def token(self, email):
        try:
            user = user_get_by_email(email=email)
        except User.DoesNotExist:
            raise bad_input(f"no user with email {email!r}") from None
        token = api_token_create(user=user)
        self.stdout.write(f"API token for {user.email} (shown once; keep it secret):")
        self.stdout.write(token)
