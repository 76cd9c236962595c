"""``journeys support recommend CODE``: forms of external support that fit an LA, with rationale.

Runs as the operator: it reads the LA's latest submitted self-evaluation and all its priorities.
"""

from journeys.authorities.commands import authority_argument
from journeys.common.commands import JourneysCommand, bad_input
from journeys.support.selectors import catalogue, support_advice, support_advice_as_dict


class Command(JourneysCommand):
    help = "Recommend forms of external support for a local authority, or list the catalogue."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="{recommend,forms}")
        rec = actions.add_parser("recommend", help="recommendations for one local authority")
        rec.add_argument("code", help="3-digit DfE code, ONS code or name")
        rec.add_argument("--json", action="store_true")
        forms = actions.add_parser("forms", help="the catalogue of forms of support")
        forms.add_argument("--json", action="store_true")

    def handle(self, *args, action, json=False, **options):
        if action == "forms":
            items = [{"id": f.id, "name": f.name, "purpose": f.purpose} for f in catalogue()]
            if json:
                self.write_json(items)
            else:
                for item in items:
                    self.stdout.write(f"{item['id']}: {item['name']} – {item['purpose']}")
            return
        authority = authority_argument(options["code"])
        if not authority.is_current:
            raise bad_input(f"{authority.name} no longer exists; ask about its successors instead")
        data = support_advice_as_dict(support_advice(la=authority))
        if json:
            self.write_json(data)
            return
        self.stdout.write(f"External support for {authority.name} ({authority.old_la_code})")
        for fact in data["facts"]:
            self.stdout.write(f"  · {fact}")
        for rec in data["recommendations"]:
            self.stdout.write(f"\n{rec['name']} (weight {rec['score']})")
            self.stdout.write(f"  {rec['because']}")
            for reason in rec["rationale"]:
                self.stdout.write(f"  + {reason}")
            for caution in rec["cautions"]:
                self.stdout.write(f"  ! {caution}")
            for provider in rec["providers"]:
                self.stdout.write(f"  → {provider['name']}: {provider['how_to_ask']}")
                self.stdout.write(f"    To find it, search for: {provider['search_for']}")
