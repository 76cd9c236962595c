"""The local authority a command names, by DfE code, ONS code or name, or a bad-input exit."""

from journeys.authorities.models import LocalAuthority
from journeys.authorities.selectors import authority_get
from journeys.common.commands import bad_input


def authority_argument(code: str) -> LocalAuthority:
    try:
        return authority_get(query=code)
    except LocalAuthority.DoesNotExist:
        raise bad_input(
            f"no local authority matches {code!r} (try a 3-digit DfE code, an ONS code or a name)"
        ) from None
