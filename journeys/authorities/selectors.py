"""Reads for local authorities."""

from django.db.models import QuerySet

from .models import LocalAuthority
from .register import load_register


def authority_list(*, region: str | None = None, include_former: bool = False) -> QuerySet[LocalAuthority]:
    authorities = LocalAuthority.objects.all()
    if not include_former:
        authorities = authorities.filter(status=LocalAuthority.Status.CURRENT)
    if region:
        authorities = authorities.filter(region__iexact=region)
    return authorities


def authority_get(*, query: str) -> LocalAuthority:
    """Find an LA by 3-digit code, ONS code or name/alias; raises LocalAuthority.DoesNotExist.

    Successors and predecessors are not prefetched: most pages never show them, and prefetching
    costs more than the two plain queries made by the few that do."""
    record = load_register().lookup(query)
    if record is None:
        raise LocalAuthority.DoesNotExist(f"No local authority matches {query!r}.")
    return LocalAuthority.objects.get(old_la_code=record.old_la_code)


def authority_search(*, query: str) -> tuple[LocalAuthority | None, list[LocalAuthority]]:
    """The LA a code or exact name names, if any, and every LA whose name, alias or code contains
    the query, in the register's order of relevance."""
    register = load_register()
    exact = register.lookup(query)
    codes = [record.old_la_code for record in register.search(query)]
    by_code = LocalAuthority.objects.in_bulk(codes, field_name="old_la_code")
    matches = [by_code[code] for code in codes if code in by_code]
    return (by_code.get(exact.old_la_code) if exact else None), matches


def authority_as_dict(authority: LocalAuthority) -> dict:
    """The stable machine-readable form used by the CLI and the API."""
    return {
        "old_la_code": authority.old_la_code,
        "new_la_code": authority.new_la_code,
        "name": authority.name,
        "region": authority.region,
        "type": authority.type,
        "status": authority.status,
        "ofsted_urn": authority.ofsted_urn or None,
        "aliases": authority.aliases,
        "ended_on": authority.ended_on.isoformat() if authority.ended_on else None,
        "successors": [_brief(a) for a in authority.successors.all()],
        "predecessors": [_brief(a) for a in authority.predecessors.all()],
    }


def _brief(authority: LocalAuthority) -> dict:
    return {
        "old_la_code": authority.old_la_code,
        "new_la_code": authority.new_la_code,
        "name": authority.name,
    }
