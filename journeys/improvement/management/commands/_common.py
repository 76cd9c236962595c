"""Argument helpers shared by the journeys commands."""

from datetime import date

from journeys.authorities.models import LocalAuthority
from journeys.authorities.selectors import authority_get
from journeys.common.commands import bad_input


def as_of_date(text: str | None) -> date:
    if not text:
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise bad_input(f"--as-of {text!r} is not a date; write it as YYYY-MM-DD, e.g. 2025-03-31") from None


def authority(code: str) -> LocalAuthority:
    try:
        return authority_get(query=code)
    except LocalAuthority.DoesNotExist:
        raise bad_input(
            f"no local authority matches {code!r} (try a 3-digit DfE code, an ONS code or a name)"
        ) from None
