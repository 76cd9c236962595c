"""``journeys report briefing CODE --format pdf|docx -o FILE``: the members' briefing for an LA."""

from pathlib import Path

from journeys.authorities.commands import authority_argument
from journeys.common.commands import JourneysCommand, as_of_date, bad_input
from journeys.reports.presenters import BRIEFING_FORMATS, briefing_render


class Command(JourneysCommand):
    help = "Write a report. 'briefing': the members' briefing for one LA, as tagged PDF or Word."

    def add_arguments(self, parser):
        kinds = parser.add_subparsers(dest="kind", required=True, metavar="{briefing}")
        briefing = kinds.add_parser("briefing", help="members' briefing for one local authority")
        briefing.add_argument("code", help="3-digit DfE code, ONS code or name")
        briefing.add_argument("--format", choices=sorted(BRIEFING_FORMATS), default="pdf")
        briefing.add_argument("-o", "--output", required=True, help="file to write")
        briefing.add_argument("--as-of", help="as of this date (default today)")

    def handle(self, *args, kind, code, format, output, as_of, **options):
        la = authority_argument(code)
        target = Path(output)
        if not target.parent.exists():
            raise bad_input(f"the folder {target.parent} does not exist")
        # The operator's view: the latest submitted self-evaluation is included.
        content = briefing_render(la=la, format=format, operator=True, as_of=as_of_date(as_of))
        target.write_bytes(content)
        self.stdout.write(
            f"Wrote the {format.upper()} briefing for {la.name} to {target} ({len(content):,} bytes)."
        )
