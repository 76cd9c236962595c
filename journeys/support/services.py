"""Writes for external support: recording engagements and what came of them (LA editors only,
through the scope). The audit log keeps each change of status, whether it helped and the outcome's
date; the outcome's text stays out of it, as priorities' text does."""

from collections.abc import Mapping
from typing import Any

from django.db import transaction

from journeys.accounts import permissions

from .models import SupportEngagement

FIELDS = (
    "form",
    "provider",
    "brokered_by",
    "started_on",
    "ended_on",
    "status",
    "outcome",
    "helped",
    "outcome_on",
    "visibility",
)
OUTCOME_FIELDS = ("status", "outcome", "helped", "outcome_on")


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
def engagement_outcome_update(
    *, user, engagement: SupportEngagement, data: Mapping[str, Any]
) -> SupportEngagement:
    """Record how an engagement stands and what came of it: its status, an outcome summary,
    whether it helped and the date of the outcome. Other fields in ``data`` are ignored."""
    return engagement_update(
        user=user, engagement=engagement, data={k: data[k] for k in OUTCOME_FIELDS if k in data}
    )


@transaction.atomic
def engagement_delete(*, user, engagement: SupportEngagement) -> None:
    """Delete an engagement recorded by mistake; the audit log keeps who deleted it and when."""
    deleted, _ = SupportEngagement.objects.editable_by(user).filter(pk=engagement.pk).delete()
    if not deleted:
        raise NotEditable("only editors of the engagement's local authority delete it")


def engagement_demo_load() -> str:
    """A finished peer review for Birmingham whose outcome is still to be recorded, made by its
    demonstration editor, so the support page and the editor's tasks have something to show;
    running it again adds nothing."""
    from datetime import date

    from django.contrib.auth import get_user_model

    from journeys.improvement.services import DEMO_EDITOR

    editor = get_user_model().objects.filter(email=DEMO_EDITOR).first()
    if editor is None:
        return "skipped: no demonstration editor"
    if SupportEngagement.objects.filter(la_id=editor.la_id).exists():
        return "already loaded"
    engagement_create(
        user=editor,
        data={
            "form": "peer_review",
            "provider": "A review team of two directors and a lead member from the region",
            "brokered_by": "The West Midlands region's improvement and innovation alliance",
            "started_on": date(2026, 3, 2),
            "ended_on": date(2026, 3, 6),
            "status": SupportEngagement.Status.FINISHED,
            "visibility": "oversight",
        },
    )
    return "loaded: a finished peer review for Birmingham"
