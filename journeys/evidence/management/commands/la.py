"""``journeys la list|show|indicators|inspections``: the register of local authorities and their evidence.

It lives with the evidence, which it reads besides the register below it."""

from journeys.authorities.commands import authority_argument
from journeys.authorities.register import REGIONS
from journeys.authorities.selectors import authority_as_dict, authority_list
from journeys.common.commands import JourneysCommand, bad_input
from journeys.evidence import presentation
from journeys.evidence.catalogue import load_catalogue
from journeys.evidence.selectors import (
    inspection_as_dict,
    inspection_history,
    is_demonstration,
    la_indicator_values,
)

DEMO_LABEL = "Demonstration data – not official statistics."


class Command(JourneysCommand):
    help = "List local authorities or show one, by DfE code, ONS code or name."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(
            dest="action", required=True, metavar="{list,show,indicators,inspections}"
        )
        listing = actions.add_parser("list", help="list current local authorities")
        listing.add_argument("--region", help="only this region, e.g. 'North West'")
        listing.add_argument("--json", action="store_true", help="machine-readable output")
        show = actions.add_parser("show", help="show one local authority")
        show.add_argument("code", help="3-digit DfE code, ONS E-code or name")
        show.add_argument("--json", action="store_true", help="machine-readable output")
        indicators = actions.add_parser(
            "indicators", help="an LA's published figures for the catalogue indicators"
        )
        indicators.add_argument("code", help="3-digit DfE code, ONS E-code or name")
        indicators.add_argument("--year", type=int, help="only this year, e.g. 2025")
        indicators.add_argument("--json", action="store_true", help="machine-readable output")
        inspections = actions.add_parser(
            "inspections", help="an LA's inspection history, predecessors' included"
        )
        inspections.add_argument("code", help="3-digit DfE code, ONS E-code or name")
        inspections.add_argument("--json", action="store_true", help="machine-readable output")

    def handle(self, *args, action, **options):
        if action == "list":
            self.list(options["region"], options["json"])
        elif action == "show":
            self.show(options["code"], options["json"])
        elif action == "indicators":
            self.indicators(options["code"], options["year"], options["json"])
        else:
            self.inspections(options["code"], options["json"])

    def list(self, region, as_json):
        if region and region.lower() not in {r.lower() for r in REGIONS}:
            raise bad_input(f"unknown region {region!r}; choose one of: {', '.join(REGIONS)}")
        authorities = authority_list(region=region).prefetch_related("successors", "predecessors")
        if as_json:
            self.write_json([authority_as_dict(a) for a in authorities])
            return
        for authority in authorities:
            self.stdout.write(
                f"{authority.old_la_code}  {authority.new_la_code}  {authority.name} ({authority.region})"
            )

    def show(self, code, as_json):
        authority = authority_argument(code)
        data = authority_as_dict(authority)
        if as_json:
            self.write_json(data)
            return
        self.stdout.write(f"{data['name']}\n  DfE code {data['old_la_code']}, ONS code {data['new_la_code']}")
        self.stdout.write(f"  {data['type']} in {data['region']} ({data['status']})")
        for label in ("successors", "predecessors"):
            if data[label]:
                self.stdout.write(f"  {label.capitalize()}: " + ", ".join(a["name"] for a in data[label]))

    def indicators(self, code, year, as_json):
        authority = authority_argument(code)
        values = la_indicator_values(la_code=authority.old_la_code, year=year)
        if as_json:
            self.write_json(
                {
                    "la": _brief(authority),
                    "year": year,
                    "demonstration": is_demonstration(),
                    "indicators": values,
                }
            )
            return
        if is_demonstration():
            self.stdout.write(DEMO_LABEL)
        if not values:
            self.stdout.write(
                f"No published figures held for {authority.name}" + (f" in {year}." if year else ".")
            )
            return
        catalogue = load_catalogue()
        self.stdout.write(f"{authority.name} ({authority.old_la_code})")
        for value in values:
            indicator = catalogue[value["indicator"]]
            shown = presentation.format_value(value["value"], value["symbol"], indicator)
            period = presentation.indicator_period(indicator, value["year"])
            self.stdout.write(f"  {value['year']}  {value['title']} ({period}): {shown}")

    def inspections(self, code, as_json):
        authority = authority_argument(code)
        events = [inspection_as_dict(e) for e in inspection_history(authority=authority)]
        if as_json:
            self.write_json(
                {"la": _brief(authority), "demonstration": is_demonstration(), "inspections": events}
            )
            return
        if is_demonstration():
            self.stdout.write(DEMO_LABEL)
        self.stdout.write(f"{authority.name} ({authority.old_la_code}): {len(events)} inspections and visits")
        for event in events:
            when = event["start_date"] or f"published {event['published']}"
            grade = event["overall"] or "no overall grade"
            inherited = f" [{event['inherited_from']}]" if event["inherited_from"] else ""
            self.stdout.write(f"  {when}  {event['framework_title']}, {event['kind']}: {grade}{inherited}")


def _brief(authority):
    return {
        "old_la_code": authority.old_la_code,
        "new_la_code": authority.new_la_code,
        "name": authority.name,
    }
