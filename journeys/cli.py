"""The ``journeys`` command: Journeys' management commands under the service's own name.

``journeys la show 330`` runs the ``la`` management command. A few command names are not
valid Python module names, so they are mapped (common.commands.COMMAND_MODULES). Bare
``journeys``, ``journeys help`` and ``--help`` list Journeys' own commands; Django's (``migrate``,
``check``, ``shell`` …) still run, but are not listed among them.
"""

import importlib.metadata
import os
import sys

HELP = {"help", "--help", "-h"}


def _command_lines() -> list[str]:
    from django.core.management import get_commands, load_command_class

    from journeys.common.commands import COMMAND_NAMES

    own = {module: app for module, app in get_commands().items() if app.startswith("journeys.")}
    described = {
        COMMAND_NAMES.get(module, module): " ".join(load_command_class(app, module).help.split())
        for module, app in own.items()
    }
    width = max(map(len, described))
    return [f"  {name:<{width}}  {described[name]}" for name in sorted(described)]


def usage() -> str:
    metadata = importlib.metadata.metadata("journeys")
    return "\n".join(
        [
            f"Journeys {metadata['Version']}: {metadata['Summary'].removeprefix('Journeys: ')}.",
            "",
            "Usage: journeys COMMAND [ARGUMENTS]   (journeys help COMMAND describes one command)",
            "",
            "Commands:",
            *_command_lines(),
            "",
            "Django's own commands (migrate, check, collectstatic, shell …) run as journeys COMMAND too.",
        ]
    )


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["--version"]:
        print(importlib.metadata.version("journeys"))  # noqa: T201
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "journeys.settings.base")
    import django

    from journeys.common.commands import COMMAND_MODULES

    if not args or (args[0] in HELP and len(args) == 1):
        django.setup()
        print(usage())  # noqa: T201
        return
    if args[0] == "help":
        args[1] = COMMAND_MODULES.get(args[1], args[1])
    args[0] = COMMAND_MODULES.get(args[0], args[0])
    from django.core.management import execute_from_command_line

    execute_from_command_line(["journeys", *args])
