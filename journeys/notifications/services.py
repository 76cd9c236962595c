"""Telling people what happened that concerns them: every notification and every notification
email goes through ``notification_send``.

Each event has one function here (``notify_*``), which the app the event happens in calls once:
it decides who is told (by the rules in accounts/permissions.py), words the sentence each of them
reads in Journeys, and emails those who chose email. Email is rendered now and queued for
``journeys worker`` (journeys/mail), one message per address, so nobody sees who else was told.
A sentence names only what its recipients may already see: a request's message stays on the
request's page and in the email to the LA asked; a priority's title goes only to its own LA.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator

from journeys.accounts import permissions
from journeys.accounts.models import User
from journeys.evidence.presentation import date_name
from journeys.mail.tasks import deliver_email

from .models import Kind, Notification, NotificationChoice
from .selectors import emailed_kinds

SENTENCE_LENGTH = Notification._meta.get_field("sentence").max_length


@transaction.atomic
def notification_send(
    *,
    kind: Kind,
    recipients: Iterable[User],
    sentence: str,
    link: str,
    context: dict,
    event: str = "",
    also_email: Iterable[str] = (),
) -> int:
    """Tell each active recipient once, in Journeys, and by email unless they chose Journeys
    only; email ``also_email`` too (addresses an LA named, such as its contacts, that are none of
    the recipients'). With ``event``, a recipient already told of it is not told again. Returns
    how many people were told in Journeys.

    The email is ``notifications/<kind>`` (``_subject.txt``, ``.txt``, ``.html``) rendered with
    ``context``, whose ``path`` is the page it links to."""
    told: list[User] = []
    for user in {u.pk: u for u in recipients if u.is_active}.values():
        try:
            with transaction.atomic():
                Notification.objects.create(
                    recipient=user,
                    kind=kind,
                    sentence=Truncator(sentence).chars(SENTENCE_LENGTH),
                    link=link,
                    event=event,
                )
        except IntegrityError:  # told of this event before
            continue
        told.append(user)
    emailed = [u.email for u in told if u.email and kind in emailed_kinds(u)]
    known = {u.email.lower() for u in told}  # whose own choice holds, even when also named
    others = [a for a in also_email if a and a.strip() and a.strip().lower() not in known]
    _email(kind, context, people=emailed, others=others)
    return len(told)


def _email(kind: Kind, context: dict, *, people: list[str], others: list[str]) -> None:
    """Queue the message to each address once; people with an account are told where to change
    what Journeys emails them."""
    context = {"service_url": settings.BASE_URL, **context}
    subject = " ".join(render_to_string(f"notifications/{kind}_subject.txt", context).split())
    body = render_to_string(f"notifications/{kind}.txt", context).strip()
    footer = render_to_string("notifications/_footer.txt", context).strip()
    sent: set[str] = set()
    for addresses, text in ((people, f"{body}\n\n{footer}\n"), (others, f"{body}\n")):
        html = render_to_string("notifications/_base.html", {"subject": subject, "text": text})
        for address in addresses:
            address = address.strip().lower()
            if address not in sent:
                sent.add(address)
                deliver_email.enqueue(to=address, subject=subject, text=text, html=html)


def _editors(la) -> list[User]:
    return list(User.objects.filter(permissions.la_editors_rule(la)))


def _coordinators(region: str) -> list[User]:
    return list(User.objects.filter(permissions.region_coordinators_rule(region)))


# --- The events ----------------------------------------------------------------------------------


def notify_self_evaluation_submitted(*, evaluation) -> int:
    """The coordinators of the LA's region: a submitted self-evaluation is shared with them."""
    la = evaluation.la
    path = reverse("improvement:self-evaluation", args=[evaluation.pk])
    return notification_send(
        kind=Kind.SELF_EVALUATION_SUBMITTED,
        recipients=_coordinators(la.region),
        sentence=f"{la.name} submitted a self-evaluation",
        link=path,
        context={"la": la, "evaluation": evaluation, "path": path},
    )


def notify_network_invitation(*, network, la) -> int:
    """The invited LA's editors, who join or decline for it."""
    path = reverse("networks:detail", args=[network.pk])
    return notification_send(
        kind=Kind.NETWORK_INVITATION,
        recipients=_editors(la),
        sentence=f"{la.name} is invited to join the {network.name}",
        link=path,
        context={"network": network, "la": la, "path": path},
    )


ANSWERS = {"joined": "has joined", "left": "has left", "declined": "has declined to join"}


def notify_network_answer(*, invitation) -> int:
    """The network's coordinators: the region's, and whoever started it."""
    network = invitation.network
    path = reverse("networks:detail", args=[network.pk])
    starter = [network.created_by] if network.created_by_id else []
    return notification_send(
        kind=Kind.NETWORK_ANSWER,
        recipients=[*_coordinators(network.region), *starter],
        sentence=f"{invitation.la.name} {ANSWERS[invitation.status]} the {network.name}",
        link=path,
        context={"invitation": invitation, "network": network, "path": path},
    )


def notify_talk_request(*, talk_request, contacts: Iterable[str]) -> int:
    """The asked LA's editors, who answer, and its named contacts (by email only)."""
    path = reverse("contacts:request", args=[talk_request.pk])
    return notification_send(
        kind=Kind.TALK_REQUEST,
        recipients=_editors(talk_request.to_la_id),
        sentence=f"{talk_request.from_la.name} would like to talk to {talk_request.to_la.name}",
        link=path,
        context={"talk_request": talk_request, "path": path},
        also_email=contacts,
    )


def notify_talk_answer(*, talk_request, contacts: Iterable[str]) -> int:
    """Whoever asked, while they still work for the LA that asked, and its named contacts."""
    asker = talk_request.requested_by
    path = reverse("contacts:request", args=[talk_request.pk])
    answer = "accepted" if talk_request.is_accepted else "declined"
    return notification_send(
        kind=Kind.TALK_ANSWER,
        recipients=[asker] if permissions.can_be_told_of_talk_answer(asker, talk_request) else [],
        sentence=f"{talk_request.to_la.name} has {answer} your request to talk",
        link=path,
        context={"talk_request": talk_request, "path": path},
        also_email=contacts,
    )


def notify_workshop_invitation(*, workshop, la) -> int:
    """The invited LA's editors."""
    path = reverse("workshops:workshop", args=[workshop.series.slug, workshop.slug])
    return notification_send(
        kind=Kind.WORKSHOP_INVITATION,
        recipients=_editors(la),
        sentence=f"{la.name} is invited to the {workshop.place} workshop of {workshop.series.title}"
        + (f" on {date_name(workshop.held_on)}" if workshop.held_on else ""),
        link=path,
        context={"workshop": workshop, "la": la, "path": path},
    )


def notify_priority_review(*, priority) -> int:
    """The editors of the priority's LA, once for each review date, however often it is asked."""
    path = reverse("priorities:detail", args=[priority.pk])
    return notification_send(
        kind=Kind.PRIORITY_REVIEW,
        recipients=_editors(priority.la_id),
        sentence=f"“{priority.title}” is due for review: its review date was {date_name(priority.review_on)}",
        link=path,
        context={"priority": priority, "review_on": date_name(priority.review_on), "path": path},
        event=f"priority-review:{priority.pk}:{priority.review_on.isoformat()}",
    )


# --- A person's own notifications ----------------------------------------------------------------


def notification_mark_read(*, user, notification_id: int) -> Notification:
    """Mark one of the user's notifications as read; another person's is not found."""
    notification = Notification.objects.filter(permissions.notification_rule(user)).get(pk=notification_id)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notification_mark_all_read(*, user) -> int:
    return Notification.objects.filter(permissions.notification_rule(user), read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def notification_choices_save(*, user, by_email: dict[str, bool]) -> None:
    """Store how the user wants each kind: ``True`` in Journeys and by email, ``False`` in
    Journeys only."""
    for kind, email in by_email.items():
        NotificationChoice.objects.update_or_create(user=user, kind=Kind(kind), defaults={"by_email": email})
