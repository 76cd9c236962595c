"""Writes for external support: recording engagements (LA editors only, through the scope)."""

from collections.abc import Mapping
from typing import Any

from django.db import transaction

from journeys.accounts import permissions

from .models import SupportEngagement

FIELDS = ("form", "provider", "brokered_by", "started_on", "ended_on", "outcome", "visibility")


class NotEditable(Exception):
    pass


@transaction.atomic
def engagement_create(*, user, data: Mapping[str, Any]) -> SupportEngagement:
    if not permissions.can_edit_la(user, user.la_id):
        raise NotEditable("only local authority editors record support engagements")
    engagement = SupportEngagement(la_id=user.la_id, created_by=user)
    if data.get("brokered_by_me"):
        engagement.brokered_by_user = user
    for field in FIELDS:
        if field in data:
            setattr(engagement, field, data[field])
    engagement.full_clean()
    engagement.save()
    return engagement


@transaction.atomic
def engagement_update(*, user, engagement: SupportEngagement, data: Mapping[str, Any]) -> SupportEngagement:
    if not SupportEngagement.objects.editable_by(user).filter(pk=engagement.pk).exists():
        raise NotEditable("only editors of the engagement's local authority change it")
    for field in FIELDS:
        if field in data:
            setattr(engagement, field, data[field])
    engagement.full_clean()
    engagement.save()
    return engagement


@transaction.atomic
def engagement_delete(*, user, engagement: SupportEngagement) -> None:
    """Delete an engagement recorded by mistake; the audit log keeps who deleted it and when."""
    deleted, _ = SupportEngagement.objects.editable_by(user).filter(pk=engagement.pk).delete()
    if not deleted:
        raise NotEditable("only editors of the engagement's local authority delete it")
