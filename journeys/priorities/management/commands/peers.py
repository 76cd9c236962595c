"""``journeys peers CODE``: local authorities working on similar priorities, and improvement partners.

Runs as the system: it matches the LA's own priorities (shared or not) against priorities
other LAs have shared with the sector. Another LA's unshared priorities are never used.
"""

from journeys.authorities.commands import authority_argument
from journeys.common.commands import JourneysCommand, bad_input
from journeys.priorities.peers import peers_as_dict, peers_find


class Command(JourneysCommand):
    help = "Peers of a local authority from improvement priorities, each with the reasons it matched."

    def add_arguments(self, parser):
        parser.add_argument("code", help="3-digit DfE code, ONS code or name")
        parser.add_argument("--limit", type=int, default=10)
        parser.add_argument("--json", action="store_true", help="machine-readable output")

    def handle(self, *args, code, limit=10, json=False, **options):
        authority = authority_argument(code)
        if limit < 1:
            raise bad_input("--limit must be at least 1")
        data = peers_as_dict(peers_find(authority=authority, limit=limit))
        if json:
            self.write_json(data)
            return
        self.stdout.write(
            f"Peers of {authority.name} ({authority.old_la_code}); evidence: {data['evidence']}"
        )
        for note in data["notes"]:
            self.stdout.write(f"  Note: {note}")
        for match in data["matches"]:
            partner = ", improvement partner" if match["improvement_partner"] else ""
            self.stdout.write(
                f"\n{match['name']} ({match['la_code']}, {match['region']}) "
                f"score {match['score']:.2f}{partner}"
            )
            for reason in match["reasons"]:
                self.stdout.write(f"  - {reason}")
