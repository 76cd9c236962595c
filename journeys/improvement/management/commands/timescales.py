"""``journeys timescales [--json]``: empirical timescales (Kaplan-Meier) beside the indicative ones."""

from journeys.common.commands import JourneysCommand
from journeys.evidence.presentation import months_name
from journeys.improvement.insights import CURVE_TITLES, timescales_report


class Command(JourneysCommand):
    help = "How long LAs take to move between Ofsted judgements, from every LA's inspection history."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="machine-readable output")

    def handle(self, *args, json, **options):
        report = timescales_report()
        if json:
            self.write_json(report)
            return
        for curve_id, title in CURVE_TITLES.items():
            c = report[curve_id]
            self.stdout.write(
                f"{title}: median {months_name(c['median_months'])} "
                f"(a quarter by {months_name(c['q25_months'])}, "
                f"three quarters by {months_name(c['q75_months'])}), "
                f"{c['events']} events in {c['n']} spells"
            )
        self.stdout.write(report["indicative"]["text"])
        self.stdout.write(report["caveat"])
