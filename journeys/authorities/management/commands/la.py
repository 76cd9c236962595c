"""``journeys la list|show``: the register of local authorities."""

from journeys.authorities.models import LocalAuthority
from journeys.authorities.register import REGIONS
from journeys.authorities.selectors import authority_as_dict, authority_get, authority_list
from journeys.common.commands import JourneysCommand, bad_input


class Command(JourneysCommand):
    help = "List local authorities or show one, by DfE code, ONS code or name."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="{list,show}")
        listing = actions.add_parser("list", help="list current local authorities")
        listing.add_argument("--region", help="only this region, e.g. 'North West'")
        listing.add_argument("--json", action="store_true", help="machine-readable output")
        show = actions.add_parser("show", help="show one local authority")
        show.add_argument("code", help="3-digit DfE code, ONS E-code or name")
        show.add_argument("--json", action="store_true", help="machine-readable output")

    def handle(self, *args, action, **options):
        if action == "list":
            self.list(options["region"], options["json"])
        else:
            self.show(options["code"], options["json"])

    def list(self, region, as_json):
        if region and region.lower() not in {r.lower() for r in REGIONS}:
            raise bad_input(f"unknown region {region!r}; choose one of: {', '.join(REGIONS)}")
        authorities = authority_list(region=region).prefetch_related("successors", "predecessors")
        if as_json:
            self.write_json([authority_as_dict(a) for a in authorities])
            return
        for authority in authorities:
            self.stdout.write(f"{authority.old_la_code}  {authority.new_la_code}  {authority.name} ({authority.region})")

    def show(self, code, as_json):
        try:
            authority = authority_get(query=code)
        except LocalAuthority.DoesNotExist:
            raise bad_input(f"no local authority matches {code!r} (try a 3-digit DfE code, an ONS code or a name)")
        data = authority_as_dict(authority)
        if as_json:
            self.write_json(data)
            return
        self.stdout.write(f"{data['name']}\n  DfE code {data['old_la_code']}, ONS code {data['new_la_code']}")
        self.stdout.write(f"  {data['type']} in {data['region']} ({data['status']})")
        for label in ("successors", "predecessors"):
            if data[label]:
                self.stdout.write(f"  {label.capitalize()}: " + ", ".join(a["name"] for a in data[label]))
