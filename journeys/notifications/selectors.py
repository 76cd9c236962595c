"""Reads of a person's notifications and of their choices."""

from __future__ import annotations

from django.db.models import QuerySet

from journeys.accounts import permissions

from .models import KINDS_BY_ROLE, Kind, Notification, NotificationChoice


def notifications_for(*, user) -> QuerySet[Notification]:
    """The user's own notifications, newest first."""
    return Notification.objects.filter(permissions.notification_rule(user))


def notification_unread_count(*, user) -> int:
    return notifications_for(user=user).filter(read_at__isnull=True).count()


def notification_kinds_for(*, user) -> list[Kind]:
    """The kinds of notification the user's role can receive, in the order the settings list them."""
    return list(KINDS_BY_ROLE.get(user.role, []))


def emailed_kinds(user) -> set[str]:
    """The kinds the user wants by email too: every kind, unless they chose Journeys only."""
    only_here = NotificationChoice.objects.filter(user=user, by_email=False).values_list("kind", flat=True)
    return set(Kind.values) - set(only_here)
