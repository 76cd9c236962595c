"""Shared behaviour of the ``journeys`` commands: their names, JSON output and exit codes.

Exit codes: 0 success, 2 bad input (with a one-line reason on stderr), 1 anything else. With
``--json``, an error is one JSON object on stderr, ``{"error": "…"}``, bad arguments included.
"""

import dataclasses
import importlib.metadata
import json
import sys
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, handle_default_options
from django.db import connections

BAD_INPUT = 2

# The commands whose names are not valid Python module names: command name -> module name.
COMMAND_MODULES = {
    "import": "import_data",
    "early-warning": "early_warning",
    "notify-reviews": "notify_reviews",
}
COMMAND_NAMES = {module: name for name, module in COMMAND_MODULES.items()}


def bad_input(message: str) -> CommandError:
    return CommandError(message, returncode=BAD_INPUT)


class JourneysCommand(BaseCommand):
    def write_json(self, data: Any) -> None:
        self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=_plain))

    def get_version(self) -> str:
        return importlib.metadata.version("journeys")  # `journeys COMMAND --version`, not Django's

    def create_parser(self, prog_name, subcommand, **kwargs):
        # Usage lines name the command as people type it: `journeys import`, not `import_data`.
        return super().create_parser(prog_name, COMMAND_NAMES.get(subcommand, subcommand), **kwargs)

    def run_from_argv(self, argv):
        """Django's, except that with --json every error is written as JSON."""
        if "--json" not in argv[2:]:
            super().run_from_argv(argv)
            return
        # Not marked as called from the command line, Django's parser raises CommandError on bad
        # arguments instead of printing its usage text.
        parser, options = self.create_parser(argv[0], argv[1]), None
        try:
            try:
                options = parser.parse_args(argv[2:])
            except CommandError as error:
                raise bad_input(str(error).removeprefix("Error: ")) from None
            handle_default_options(options)
            arguments = vars(options)
            self.execute(*arguments.pop("args", ()), **arguments)
        except CommandError as error:
            if getattr(options, "traceback", False):
                raise
            self.stderr.write(json.dumps({"error": str(error)}, ensure_ascii=False), style_func=str)
            sys.exit(error.returncode)
        finally:
            connections.close_all()


def as_of_date(text: str | None) -> date:
    """The ``--as-of`` argument as a date; today when it is not given."""
    if not text:
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise bad_input(f"--as-of {text!r} is not a date; write it as YYYY-MM-DD, e.g. 2025-03-31") from None


def _plain(value: Any) -> Any:
    """Read models (frozen dataclasses) as objects, dates as ISO dates, anything else as text."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
