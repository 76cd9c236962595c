"""Shared behaviour of the ``journeys`` commands: JSON output and exit codes.

Exit codes: 0 success, 2 bad input (with a one-line reason on stderr), 1 anything else.
"""

import json
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError

BAD_INPUT = 2


def bad_input(message: str) -> CommandError:
    return CommandError(message, returncode=BAD_INPUT)


class JourneysCommand(BaseCommand):
    def write_json(self, data: Any) -> None:
        self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str))


def as_of_date(text: str | None) -> date:
    """The ``--as-of`` argument as a date; today when it is not given."""
    if not text:
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise bad_input(f"--as-of {text!r} is not a date; write it as YYYY-MM-DD, e.g. 2025-03-31") from None
