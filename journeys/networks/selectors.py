"""Reads for networks of improvement: proposals (computed, never stored) and accepted networks.

Proposals are built from the priorities the asker may see, but quote only those shared with the
sector (``permissions.can_quote_to_everyone``); the command line, running as the system, uses
priorities shared with the sector alone. Accepted networks are read through
``Network.objects.visible_to(user)``: member and invited LAs' users, the region's coordinators,
national admins.
"""

from __future__ import annotations

from collections import Counter

from django.db.models import QuerySet

from journeys.accounts import permissions
from journeys.authorities.models import LocalAuthority
from journeys.authorities.register import REGIONS
from journeys.priorities.selectors import priority_pool, priority_stored_vectors
from journeys.priorities.similarity import PriorityText, stored_vectoriser

from .models import Network, NetworkInvitation
from .proposals import NetworkProposal, propose_networks


def network_proposals(*, region: str, user=None) -> list[NetworkProposal]:
    """Proposed networks for a region's current LAs that have priorities visible to ``user``."""
    priorities = list(
        priority_pool(user=user).filter(la__region=region, la__status=LocalAuthority.Status.CURRENT)
    )
    texts = [
        PriorityText(str(p.pk), p.la.old_la_code, p.statement, p.theme, permissions.can_quote_to_everyone(p))
        for p in priorities
    ]
    return propose_networks(
        region, texts, vectorise=stored_vectoriser(priority_stored_vectors(priorities=priorities))
    )


def proposal_as_dict(proposal: NetworkProposal, names: dict[str, str]) -> dict:
    return {
        "id": proposal.id,
        "name": proposal.name,
        "region": proposal.region,
        "theme": proposal.theme,
        "theme_title": proposal.theme_title,
        "purpose": proposal.purpose,
        "central_priority": {
            "id": int(proposal.central_priority.id),
            "la_code": proposal.central_priority.la_code,
            "text": proposal.central_priority.text,
        }
        if proposal.central_priority
        else None,
        "members": [
            {
                "la_code": m.la_code,
                "name": names.get(m.la_code, m.la_code),
                "reason": m.reason,
                "priority_ids": [int(i) for i in m.priority_ids],
            }
            for m in proposal.members
        ],
        "left_out": [
            {
                "la_code": m.la_code,
                "name": names.get(m.la_code, m.la_code),
                "similarity": round(m.similarity, 2),
            }
            for m in proposal.left_out
        ],
    }


def la_names(codes) -> dict[str, str]:
    return dict(LocalAuthority.objects.filter(old_la_code__in=list(codes)).values_list("old_la_code", "name"))


def network_list(*, user, region: str | None = None) -> QuerySet[Network]:
    networks = Network.objects.visible_to(user).prefetch_related("members")
    return networks.filter(region=region) if region else networks


def network_get(*, user, pk: int) -> Network:
    return network_list(user=user).get(pk=pk)


def national_summary() -> list[dict]:
    """Active networks per region: counts only, which every signed-in user may see."""
    counts = Counter(Network.objects.filter(status=Network.Status.ACTIVE).values_list("region", flat=True))
    return [{"region": region, "active": counts.get(region, 0)} for region in REGIONS]


def network_as_dict(network: Network) -> dict:
    return {
        "id": network.pk,
        "region": network.region,
        "name": network.name,
        "purpose": network.purpose,
        "theme": network.theme,
        "status": network.status,
        "members": [{"la_code": a.old_la_code, "name": a.name} for a in network.members.all()],
        "meetings": [{"held_on": m.held_on.isoformat(), "notes": m.notes} for m in network.meetings.all()],
        "shared_learning": [
            {"la": e.la.name if e.la else None, "text": e.text} for e in network.learning.all()
        ],
    }


def accepted_proposals(*, region: str) -> dict[str, Network]:
    """The region's networks by the proposal each was accepted from."""
    return {n.proposal_id: n for n in Network.objects.filter(region=region).exclude(proposal_id="")}


def own_invitation(*, user, network: Network) -> NetworkInvitation | None:
    if not user.is_authenticated or user.la_id is None:
        return None
    return network.invitations.filter(la_id=user.la_id).select_related("la", "network").first()
