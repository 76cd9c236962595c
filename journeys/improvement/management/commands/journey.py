"""``journeys journey CODE [--as-of YYYY-MM-DD] [--json]``: where an LA is on the improvement journey."""

from journeys.authorities.commands import authority_argument
from journeys.common.commands import JourneysCommand, as_of_date
from journeys.improvement.insights import la_journey
from journeys.improvement.presenters import benchmark_table


class Command(JourneysCommand):
    help = (
        "Place a local authority on the improvement journey, with reasons, "
        "from inspections, indicators and its self-evaluation."
    )

    def add_arguments(self, parser):
        parser.add_argument("code", help="3-digit DfE code, ONS code or name")
        parser.add_argument("--as-of", help="place it as of this date (default today)")
        parser.add_argument("--json", action="store_true", help="machine-readable output")

    def handle(self, *args, code, as_of, json, **options):
        # The operator's view: the latest submitted self-evaluation is included.
        journey = la_journey(authority_argument(code), operator=True, as_of=as_of_date(as_of))
        if json:
            self.write_json(journey)
            return
        self.stdout.write(f"{journey['la_name']} ({journey['la']}), as of {journey['as_of']}")
        self.stdout.write(f"  Stage: {journey['stage']['name']} (confidence {journey['confidence']})")
        for reason in journey["reasons"]:
            self.stdout.write(f"  - {reason}")
        if journey["self_view_gap"]:
            self.stdout.write(f"  Self-view: {journey['self_view_gap']}")
        if journey["next_step"]:
            self.stdout.write(f"  Next step: {journey['next_step'].text}")
        warning = journey["early_warning"]
        self.stdout.write(f"  Slipping-back warning: {warning['headline']}")
        table, _ = benchmark_table(journey["la"])
        if table.rows:
            self.stdout.write("  Key indicators:")
        for row in table.rows:
            self.stdout.write(
                f"  - {row['indicator']}, {row['year']}: {row['value']}; "
                f"quarter among LAs: {row['quartile']}; {row['trend'].lower()}; neighbours: {row['model']}"
            )
