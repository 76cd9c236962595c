"""Reads for contacts and requests to talk, scoped by accounts/permissions.py."""

from __future__ import annotations

from django.db.models import QuerySet

from journeys.accounts import permissions

from .models import Contact, TalkRequest


def contacts_for(*, user, la) -> list[Contact] | None:
    """The LA's contacts, or None when the user may not see them (yet)."""
    if not permissions.can_see_contacts(user, la):
        return None
    return list(Contact.objects.filter(la=la))


def talk_requests_for(*, user) -> QuerySet[TalkRequest]:
    return TalkRequest.objects.filter(permissions.talk_request_rule(user)).select_related("from_la", "to_la")


def talk_request_get(*, user, pk: int) -> TalkRequest:
    return talk_requests_for(user=user).get(pk=pk)


def talk_request_pending(*, user, to_la) -> TalkRequest | None:
    """The user's LA's request to this LA still waiting for an answer, if any."""
    return talk_requests_for(user=user).filter(from_la_id=user.la_id, to_la=to_la, status="pending").first()
