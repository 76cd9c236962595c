"""What pages about local authorities share: the LA an address names (or a 404), and the breadcrumbs
that lead to an LA or a region."""

from django.http import Http404
from django.urls import reverse

from journeys.authorities.models import LocalAuthority, region_slug
from journeys.authorities.selectors import authority_get


def authority_or_404(code: str) -> LocalAuthority:
    """The LA an address names by DfE code, ONS code or name."""
    try:
        return authority_get(query=code)
    except LocalAuthority.DoesNotExist as missing:
        raise Http404("No such local authority") from missing


def authority_trail(authority: LocalAuthority) -> tuple[tuple[str, str], ...]:
    """Breadcrumbs after Home to a page about one LA: the register, then the LA."""
    return (
        ("Local authorities", reverse("authorities:list")),
        (authority.name, reverse("authorities:detail", args=[authority.old_la_code])),
    )


def region_trail(region: str) -> tuple[tuple[str, str], ...]:
    """Breadcrumbs after Home to a page about one region: the register, then the region."""
    return (
        ("Local authorities", reverse("authorities:list")),
        (region, reverse("authorities:region", args=[region_slug(region)])),
    )
