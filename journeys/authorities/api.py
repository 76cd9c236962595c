"""API for the register of local authorities (public data)."""

from ninja import Router, Schema, Status

from .models import LocalAuthority
from .register import REGIONS
from .selectors import authority_as_dict, authority_get, authority_list

router = Router(tags=["Local authorities"])


class AuthorityBrief(Schema):
    old_la_code: str
    new_la_code: str
    name: str


class AuthorityOut(Schema):
    old_la_code: str
    new_la_code: str
    name: str
    region: str
    type: str
    status: str
    ofsted_urn: str | None
    aliases: list[str]
    ended_on: str | None
    successors: list[AuthorityBrief]
    predecessors: list[AuthorityBrief]


class ProblemOut(Schema):
    detail: str


@router.get("", response={200: list[AuthorityOut], 422: ProblemOut}, summary="List current local authorities")
def list_authorities(request, region: str | None = None):
    if region is not None and region.lower() not in {r.lower() for r in REGIONS}:
        return Status(422, {"detail": f"Unknown region {region!r}. Choose one of: {', '.join(REGIONS)}."})
    authorities = authority_list(region=region).prefetch_related("successors", "predecessors")
    return Status(200, [authority_as_dict(a) for a in authorities])


@router.get(
    "/{code}",
    response={200: AuthorityOut, 404: ProblemOut},
    summary="One local authority, by any code or name",
)
def get_authority(request, code: str):
    try:
        return Status(200, authority_as_dict(authority_get(query=code)))
    except LocalAuthority.DoesNotExist:
        return Status(404, {"detail": f"No local authority matches {code!r}."})
