"""``journeys workshop summary SERIES --format json|html|pdf|docx [-o FILE]``, and ``workshop list``."""

from pathlib import Path

from journeys.common.commands import JourneysCommand, bad_input
from journeys.workshops.models import WorkshopSeries
from journeys.workshops.report import REPORT_FORMATS, summary_content, summary_render
from journeys.workshops.selectors import series_get, series_list


class Command(JourneysCommand):
    help = "Workshop series and their summary reports."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="{summary,list}")
        summary = actions.add_parser("summary", help="the summary report of a series")
        summary.add_argument("series", help="series slug, e.g. lga-2016")
        summary.add_argument("--workshop", help="only one workshop of the series, by slug")
        summary.add_argument("--format", choices=list(REPORT_FORMATS), default="json")
        summary.add_argument("-o", "--output", help="write to this file instead of standard output")
        listing = actions.add_parser("list", help="workshop series")
        listing.add_argument("--json", action="store_true")

    def handle(self, *args, action, **options):
        if action == "list":
            data = [
                {"slug": s.slug, "title": s.title, "workshops": [w.place for w in s.workshops.all()]}
                for s in series_list()
            ]
            if options["json"]:
                self.write_json(data)
            else:
                for s in data:
                    self.stdout.write(f"{s['slug']}: {s['title']} ({', '.join(s['workshops'])})")
            return
        try:
            series = series_get(slug=options["series"])
        except WorkshopSeries.DoesNotExist:
            raise bad_input(
                f"no workshop series {options['series']!r} (journeys workshop list shows them)"
            ) from None
        if series.report_withdrawn:
            raise bad_input(
                f"the summary report of {series.slug} was withdrawn on {series.report_withdrawn_at:%-d %B %Y}"
            )
        workshop = None
        if options["workshop"]:
            workshop = series.workshops.filter(slug=options["workshop"]).first()
            if workshop is None:
                raise bad_input(f"series {series.slug} has no workshop {options['workshop']!r}")
        content = summary_render(summary_content(series=series, workshop=workshop), options["format"])
        if options["output"]:
            Path(options["output"]).write_bytes(content)
            self.stderr.write(f"Wrote {options['output']} ({len(content):,} bytes).")
        elif options["format"] in ("pdf", "docx"):
            raise bad_input(f"{options['format']} is binary: give -o FILE")
        else:
            self.stdout.write(content.decode())
