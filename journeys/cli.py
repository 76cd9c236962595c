"""The ``journeys`` command: Django's management commands under the service's own name.

``journeys la show 330`` runs the ``la`` management command. A few command names are not
valid Python module names, so they are mapped here.
"""

import os
import sys

COMMAND_MODULES = {"import": "import_data", "early-warning": "early_warning"}


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    if args:
        args[0] = COMMAND_MODULES.get(args[0], args[0])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "journeys.settings.base")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["journeys", *args])
