"""``journeys networks propose --region R``: proposed regional networks of improvement.

Runs as the system, so proposals use only priorities shared with the sector.
"""

from journeys.authorities.register import REGIONS
from journeys.common.commands import JourneysCommand, bad_input
from journeys.networks.models import Network
from journeys.networks.proposals import SIMILARITY_FLOOR
from journeys.networks.selectors import la_names, network_as_dict, network_proposals, proposal_as_dict


class Command(JourneysCommand):
    help = "Propose networks of improvement for a region, or list accepted networks."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="{propose,list}")
        propose = actions.add_parser("propose", help="propose networks from sector-shared priorities")
        propose.add_argument("--region", required=True, help="e.g. 'North West'")
        propose.add_argument("--json", action="store_true")
        listing = actions.add_parser("list", help="accepted networks")
        listing.add_argument("--region")
        listing.add_argument("--json", action="store_true")

    def handle(self, *args, action, region=None, json=False, **options):
        match = None
        if region:
            match = next((r for r in REGIONS if r.lower() == region.strip().lower()), None)
            if match is None:
                raise bad_input(f"unknown region {region!r}; choose one of: {', '.join(REGIONS)}")
        if action == "list":
            networks = Network.objects.prefetch_related("members", "meetings", "learning")
            data = [network_as_dict(n) for n in (networks.filter(region=match) if match else networks)]
            if json:
                self.write_json(data)
            else:
                for n in data:
                    self.stdout.write(
                        f"{n['id']}  {n['region']}  {n['name']} ({n['status']}, {len(n['members'])} members)"
                    )
            return
        proposals = network_proposals(region=match)
        names = la_names({m.la_code for p in proposals for m in (*p.members, *p.left_out)})
        data = [proposal_as_dict(p, names) for p in proposals]
        if json:
            self.write_json(data)
            return
        if not data:
            self.stdout.write(f"No local authority in {match} has priorities shared with the sector.")
        for proposal in data:
            self.stdout.write(f"\n{proposal['id']}: {proposal['name']}")
            self.stdout.write(f"  {proposal['purpose']}")
            for member in proposal["members"]:
                self.stdout.write(f"  - {member['name']} ({member['la_code']}): {member['reason']}")
            for member in proposal["left_out"]:
                self.stdout.write(
                    f"  left out: {member['name']} ({member['la_code']}), "
                    f"similarity {member['similarity']:.2f} is below the floor of {SIMILARITY_FLOOR:.2f}"
                )
