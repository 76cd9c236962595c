"""API for networks of improvement (read-only): networks you can see, and a region's proposals
for its coordinators."""

from ninja import Field, Router, Schema, Status

from journeys.accounts import permissions
from journeys.accounts.auth import SIGNED_IN, caller
from journeys.authorities.register import REGIONS

from .models import Network
from .selectors import (
    la_names,
    national_summary,
    network_as_dict,
    network_get,
    network_list,
    network_proposals,
    proposal_as_dict,
)

router = Router(tags=["Networks of improvement"])


class ProblemOut(Schema):
    detail: str


class RegionCountOut(Schema):
    region: str
    active: int = Field(description="Active networks in the region")


class NetworkMemberOut(Schema):
    la_code: str
    name: str


class MeetingOut(Schema):
    held_on: str = Field(description="ISO date")
    notes: str


class LearningOut(Schema):
    la: str | None = Field(description="The LA that shared it, if any")
    text: str


class NetworkOut(Schema):
    id: int
    region: str
    name: str
    purpose: str
    theme: int | None
    status: str
    members: list[NetworkMemberOut]
    meetings: list[MeetingOut]
    shared_learning: list[LearningOut]


class NetworksOut(Schema):
    by_region: list[RegionCountOut]
    networks: list[NetworkOut]


class CentralPriorityOut(Schema):
    id: int
    la_code: str
    text: str


class ProposedMemberOut(Schema):
    la_code: str
    name: str
    reason: str
    priority_ids: list[int]


class ProposalOut(Schema):
    id: str
    region: str
    theme: int | None
    theme_title: str | None
    purpose: str
    central_priority: CentralPriorityOut | None
    members: list[ProposedMemberOut]


@router.get(
    "",
    auth=SIGNED_IN,
    response={200: NetworksOut, 401: ProblemOut},
    summary="Networks you can see, and active networks per region",
)
def list_networks(request, region: str | None = None):
    user = caller(request)
    return {
        "by_region": national_summary(),
        "networks": [network_as_dict(n) for n in network_list(user=user, region=region)],
    }


@router.get(
    "/proposals",
    auth=SIGNED_IN,
    response={401: ProblemOut, 200: list[ProposalOut], 403: ProblemOut, 422: ProblemOut},
    summary="Proposed networks for a region (its coordinators and national admins)",
)
def proposals(request, region: str):
    user = caller(request)
    match = next((r for r in REGIONS if r.lower() == region.lower()), None)
    if match is None:
        return Status(422, {"detail": f"Unknown region {region!r}."})
    if not permissions.can_coordinate_region(user, match):
        return Status(
            403, {"detail": "Only the region's coordinators and national admins see its proposals."}
        )
    found = network_proposals(region=match, user=user)
    names = la_names({m.la_code for p in found for m in (*p.members, *p.left_out)})
    return Status(200, [proposal_as_dict(p, names) for p in found])


@router.get(
    "/{int:network_id}",
    auth=SIGNED_IN,
    response={401: ProblemOut, 200: NetworkOut, 404: ProblemOut},
    summary="One network you can see",
)
def get_network(request, network_id: int):
    try:
        return Status(200, network_as_dict(network_get(user=caller(request), pk=network_id)))
    except Network.DoesNotExist:
        return Status(404, {"detail": f"No network {network_id} that you can see."})
