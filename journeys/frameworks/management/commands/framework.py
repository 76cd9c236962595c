"""``journeys framework show``: the improvement framework version in force."""

from journeys.common.commands import JourneysCommand
from journeys.frameworks.content import to_dict
from journeys.frameworks.selectors import framework_current, framework_version_current


class Command(JourneysCommand):
    help = "Show the improvement framework version in force."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="{show}")
        show = actions.add_parser("show", help="show the framework")
        show.add_argument("--json", action="store_true", help="machine-readable output")

    def handle(self, *args, action, json=False, **options):
        version = framework_version_current()
        framework = framework_current()
        if json:
            self.write_json(
                {
                    "id": version.framework_id,
                    "version": version.version,
                    "sha256": version.sha256,
                    "content": to_dict(framework),
                }
            )
            return
        self.stdout.write(
            f"{framework.title} – {framework.id} version {framework.version} ({framework.published})"
        )
        self.stdout.write("Stages of the journey:")
        for number, stage in enumerate(framework.stages, start=1):
            self.stdout.write(f"  {number}. {stage.name}: {stage.summary}")
        self.stdout.write("The seven enablers of improvement:")
        for enabler in framework.enablers:
            self.stdout.write(f"  {enabler.number}. {enabler.name}")
