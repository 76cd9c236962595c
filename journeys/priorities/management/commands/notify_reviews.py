"""``journeys notify-reviews [--as-of DATE] [--json]``: tell editors of priorities due for review."""

from journeys.common.commands import JourneysCommand, as_of_date
from journeys.priorities.services import priority_reviews_notify


class Command(JourneysCommand):
    help = (
        "Tell the editors of each planned or in-progress priority whose review date has come, once "
        "for each date (in Journeys, and by email as each chose). Run it daily; a second run tells nobody."
    )

    def add_arguments(self, parser):
        parser.add_argument("--as-of", help="the day to treat as today (YYYY-MM-DD); today by default")
        parser.add_argument("--json", action="store_true", help="machine-readable output")

    def handle(self, *args, as_of, json, **options):
        told = priority_reviews_notify(today=as_of_date(as_of))
        if json:
            self.write_json({"told": told})
        else:
            self.stdout.write(
                f"Told {told} {'person' if told == 1 else 'people'} of priorities due for review."
            )
