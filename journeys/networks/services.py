"""Writes for networks: a region's coordinator accepts a proposal, which invites its LAs; each
LA's editors join or decline, and members may leave; coordinators edit, dissolve and record
meetings; members' users share learning. Every change lands in the network's history, and every
invitation and answer is notified through the notifications module."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from journeys.accounts import permissions
from journeys.authorities.models import LocalAuthority
from journeys.notifications.services import notify_network_answer, notify_network_invitation

from .models import Network, NetworkInvitation, NetworkMeeting, SharedLearning
from .proposals import NetworkProposal


class AlreadyAccepted(Exception):
    """The proposal was accepted before: ``network`` is the network it became."""

    def __init__(self, network: Network):
        super().__init__(f"already accepted as {network}")
        self.network = network


def _invite(network: Network, las) -> None:
    for la in las:
        invitation, created = NetworkInvitation.objects.get_or_create(network=network, la=la)
        if not created and invitation.status == NetworkInvitation.Status.JOINED:
            continue
        if not created:  # asked again after declining or leaving
            invitation.status, invitation.answered_by, invitation.answered_at = (
                NetworkInvitation.Status.INVITED,
                None,
                None,
            )
            invitation.save()
        notify_network_invitation(network=network, la=la)


def _members(region: str, codes: Iterable[str]) -> list[LocalAuthority]:
    members = list(LocalAuthority.objects.filter(old_la_code__in=list(codes), region=region))
    if not members:
        raise ValueError("a network needs at least one member in its region")
    return members


@transaction.atomic
def network_accept(*, user, proposal: NetworkProposal, name: str | None = None) -> Network:
    """Start the network and invite its LAs; none is a member until its editors join."""
    if not permissions.can_coordinate_region(user, proposal.region):
        raise PermissionDenied("only the region's coordinators accept its proposed networks")
    earlier = Network.objects.filter(proposal_id=proposal.id).first()
    if earlier is not None:
        raise AlreadyAccepted(earlier)
    network = Network(
        region=proposal.region,
        name=name or proposal.name or "Improvement network",
        purpose=proposal.purpose,
        theme=proposal.theme,
        proposal_id=proposal.id,
        created_by=user,
    )
    network._history_user = user
    try:
        with transaction.atomic():
            network.save()
    except IntegrityError:  # accepted at the same moment by someone else
        raise AlreadyAccepted(Network.objects.get(proposal_id=proposal.id)) from None
    _invite(network, _members(proposal.region, proposal.la_codes))
    return network


@transaction.atomic
def network_invitation_answer(*, user, invitation: NetworkInvitation, join: bool) -> NetworkInvitation:
    if not permissions.can_answer_network_invitation(user, invitation):
        raise PermissionDenied("only the invited LA's editors answer, and only once")
    invitation.status = NetworkInvitation.Status.JOINED if join else NetworkInvitation.Status.DECLINED
    invitation.answered_by, invitation.answered_at = user, timezone.now()
    invitation.save()
    network = invitation.network
    if join:
        network._history_user = user
        network.members.add(invitation.la)
    notify_network_answer(invitation=invitation)
    return invitation


@transaction.atomic
def network_leave(*, user, network: Network) -> NetworkInvitation:
    if not permissions.can_leave_network(user, network):
        raise PermissionDenied("only a member LA's editors take it out of a network")
    network._history_user = user
    network.members.remove(user.la_id)
    invitation, _ = NetworkInvitation.objects.get_or_create(network=network, la_id=user.la_id)
    invitation.status = NetworkInvitation.Status.LEFT
    invitation.answered_by, invitation.answered_at = user, timezone.now()
    invitation.save()
    notify_network_answer(invitation=invitation)
    return invitation


def _coordinated(user, network: Network) -> None:
    if not permissions.can_coordinate_network(user, network):
        raise PermissionDenied("only the region's coordinators change its networks")


@transaction.atomic
def network_update(
    *, user, network: Network, name: str, purpose: str, member_codes: Iterable[str]
) -> Network:
    """Rename and restate; LAs newly chosen are invited, LAs no longer chosen are taken out."""
    _coordinated(user, network)
    network.name, network.purpose = name, purpose
    network._history_user = user
    network.save()
    chosen = _members(network.region, member_codes)
    network.members.remove(*[a for a in network.members.all() if a not in chosen])
    NetworkInvitation.objects.filter(network=network, status=NetworkInvitation.Status.INVITED).exclude(
        la__in=chosen
    ).delete()
    _invite(network, [a for a in chosen if not network.members.filter(pk=a.pk).exists()])
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
