"""``journeys demo``: load demonstration accounts and content (debug runs only)."""

from django.conf import settings

from journeys.common.commands import JourneysCommand, bad_input
from journeys.site.services import demo_load


class Command(JourneysCommand):
    help = "Load demonstration accounts and demonstration data (only when JOURNEYS_DEBUG is on)."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, json=False, **options):
        if not settings.DEBUG:
            raise bad_input(
                "demonstration accounts use a published password; set JOURNEYS_DEBUG=1 to load them"
            )
        result = demo_load(out=None if json else self.stdout)
        if json:
            self.write_json(result)
            return
        self.stdout.write(f"Demonstration logins (password for all: {result['password']}):")
        for email, role in result["accounts"]:
            self.stdout.write(f"  {email}  – {role}")
