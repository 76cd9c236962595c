"""Writes for contacts and requests to talk. Each write is audited (django-auditlog) and every
message goes through the notifications module."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from journeys.accounts import permissions
from journeys.notifications.services import notify_talk_answer, notify_talk_request

from .models import Contact, TalkRequest


def _contacts(la) -> list[str]:
    """The addresses an LA named for requests to talk, emailed beside its editors' notifications."""
    return list(Contact.objects.filter(la=la).values_list("email", flat=True))


@transaction.atomic
def contact_save(*, user, la, kind: str, name: str, job_title: str, email: str, phone: str) -> Contact:
    if not permissions.can_manage_contacts(user, la):
        raise PermissionDenied("only the LA's editors name its contacts")
    contact, _ = Contact.objects.update_or_create(
        la=la, kind=kind, defaults={"name": name, "job_title": job_title, "email": email, "phone": phone}
    )
    return contact


@transaction.atomic
def contact_remove(*, user, la, kind: str) -> None:
    if not permissions.can_manage_contacts(user, la):
        raise PermissionDenied("only the LA's editors name its contacts")
    for contact in Contact.objects.filter(la=la, kind=kind):
        contact.delete()


class AlreadyAsked(Exception):
    """A request from this LA to that one is still waiting for an answer."""


@transaction.atomic
def talk_request_send(*, user, to_la, message: str) -> TalkRequest:
    if not permissions.can_ask_to_talk(user, to_la):
        raise PermissionDenied("only another LA's editors ask an LA to talk")
    if TalkRequest.objects.filter(
        from_la_id=user.la_id, to_la=to_la, status=TalkRequest.Status.PENDING
    ).exists():
        raise AlreadyAsked
    talk_request = TalkRequest.objects.create(
        from_la_id=user.la_id, to_la=to_la, message=message, requested_by=user
    )
    notify_talk_request(talk_request=talk_request, contacts=_contacts(to_la))
    return talk_request


@transaction.atomic
def talk_request_answer(*, user, talk_request: TalkRequest, accept: bool) -> TalkRequest:
    if not permissions.can_answer_talk_request(user, talk_request):
        raise PermissionDenied("only the asked LA's editors answer, and only once")
    talk_request.status = TalkRequest.Status.ACCEPTED if accept else TalkRequest.Status.DECLINED
    talk_request.answered_by = user
    talk_request.answered_at = timezone.now()
    talk_request.save()
    notify_talk_answer(talk_request=talk_request, contacts=_contacts(talk_request.from_la))
    return talk_request
