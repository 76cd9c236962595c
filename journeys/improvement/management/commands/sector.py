"""``journeys sector [--as-of YYYY-MM-DD] [--json]``: LAs by their latest judgement at a date."""

from journeys.common.commands import JourneysCommand, as_of_date
from journeys.improvement.insights import sector_report


class Command(JourneysCommand):
    help = "How many LAs held each latest Ofsted judgement on a date, former LAs included."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", help="the date (default today)")
        parser.add_argument("--json", action="store_true", help="machine-readable output")

    def handle(self, *args, as_of, json, **options):
        report = sector_report(as_of=as_of_date(as_of))
        if json:
            self.write_json(report)
            return
        self.stdout.write(
            f"On {report['as_of']}: {report['inspected']} of {report['authorities']} LAs inspected"
        )
        for label, count in report["by_judgement"].items():
            self.stdout.write(f"  {label}: {count}")
