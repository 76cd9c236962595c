"""Writes for networks: a region's coordinator accepts a proposal, edits, dissolves and records
meetings; members' users share learning. Every change lands in the network's history."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction

from journeys.accounts import permissions
from journeys.authorities.models import LocalAuthority

from .models import Network, NetworkMeeting, SharedLearning
from .proposals import NetworkProposal


def _members(region: str, codes: Iterable[str]) -> list[LocalAuthority]:
    members = list(LocalAuthority.objects.filter(old_la_code__in=list(codes), region=region))
    if not members:
        raise ValueError("a network needs at least one member in its region")
    return members


@transaction.atomic
def network_accept(*, user, proposal: NetworkProposal, name: str | None = None) -> Network:
    if not permissions.can_coordinate_region(user, proposal.region):
        raise PermissionDenied("only the region's coordinators accept its proposed networks")
    network = Network(
        region=proposal.region,
        name=name or f"{proposal.theme_title or 'Shared challenge'} network",
        purpose=proposal.purpose,
        theme=proposal.theme,
        proposal_id=proposal.id,
        created_by=user,
    )
    network._history_user = user
    network.save()
    network.members.set(_members(proposal.region, proposal.la_codes))
    return network


def _coordinated(user, network: Network) -> None:
    if not permissions.can_coordinate_network(user, network):
        raise PermissionDenied("only the region's coordinators change its networks")


@transaction.atomic
def network_update(
    *, user, network: Network, name: str, purpose: str, member_codes: Iterable[str]
) -> Network:
    _coordinated(user, network)
    network.name, network.purpose = name, purpose
    network._history_user = user
    network.save()
    network.members.set(_members(network.region, member_codes))
    return network


@transaction.atomic
def network_dissolve(*, user, network: Network, reason: str) -> Network:
    _coordinated(user, network)
    network.status = Network.Status.DISSOLVED
    network.dissolved_reason = reason
    network._history_user = user
    network.save()
    return network


@transaction.atomic
def network_meeting_add(*, user, network: Network, held_on: date, notes: str) -> NetworkMeeting:
    _coordinated(user, network)
    return NetworkMeeting.objects.create(network=network, held_on=held_on, notes=notes, recorded_by=user)


@transaction.atomic
def network_learning_add(*, user, network: Network, text: str) -> SharedLearning:
    if not permissions.can_share_in_network(user, network):
        raise PermissionDenied("only members and the region's coordinators share learning in a live network")
    member = permissions.is_network_member(user, network)
    return SharedLearning.objects.create(
        network=network, la_id=user.la_id if member else None, text=text, shared_by=user
    )
