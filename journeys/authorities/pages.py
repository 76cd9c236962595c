"""What pages about one local authority share: finding it from the address, or a 404."""

from django.http import Http404

from journeys.authorities.models import LocalAuthority
from journeys.authorities.selectors import authority_get


def authority_or_404(code: str) -> LocalAuthority:
    """The LA an address names by DfE code, ONS code or name."""
    try:
        return authority_get(query=code)
    except LocalAuthority.DoesNotExist as missing:
        raise Http404("No such local authority") from missing
