"""``journeys sector [--as-of YYYY-MM-DD] [--convention published|ofsted] [--json]``: LAs by their
latest judgement at a date."""

from journeys.common.commands import JourneysCommand, as_of_date
from journeys.improvement.insights import sector_report
from journeys.improvement.sector import CONVENTIONS, DEFAULT_CONVENTION


class Command(JourneysCommand):
    help = "How many LAs held each latest Ofsted judgement on a date, former LAs included."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", help="the date (default today)")
        parser.add_argument(
            "--convention",
            choices=list(CONVENTIONS),
            default=DEFAULT_CONVENTION,
            help="published: by publication date (default); ofsted: inspected by the date and "
            "published by the following 30 June, as Ofsted's official statistics count",
        )
        parser.add_argument("--json", action="store_true", help="machine-readable output")

    def handle(self, *args, as_of, convention, json, **options):
        report = sector_report(as_of=as_of_date(as_of), convention=convention)
        if json:
            self.write_json(report)
            return
        self.stdout.write(
            f"On {report['as_of']}: {report['inspected']} of {report['authorities']} LAs inspected"
        )
        self.stdout.write(f"Counted {report['convention_description']}")
        for label, count in report["by_judgement"].items():
            self.stdout.write(f"  {label}: {count}")
