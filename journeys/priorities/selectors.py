"""Reads for the priority register, always through the access rules (accounts/permissions.py)."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from django.db.models import Q, QuerySet

from journeys.accounts.permissions import Visibility

from . import encoder
from .models import Priority
from .themes import theme_by_number


def priority_list(
    *,
    user,
    la=None,
    theme: int | None = None,
    region: str = "",
    stage: str = "",
    status: str = "",
    text: str = "",
) -> QuerySet[Priority]:
    """Priorities the user may see, optionally only those of one LA, theme, region, stage or
    status, or whose title, issue, actions or learning contain ``text``."""
    records = Priority.objects.visible_to(user).select_related("la", "theme_overridden_by")
    if la is not None:
        records = records.filter(la=la)
    if theme is not None:
        records = records.filter(theme=theme)
    if region:
        records = records.filter(la__region=region)
    if stage:
        records = records.filter(stage=stage)
    if status:
        records = records.filter(status=status)
    for word in text.split():
        records = records.filter(
            Q(title__icontains=word)
            | Q(issue__icontains=word)
            | Q(actions__icontains=word)
            | Q(learning__icontains=word)
        )
    return records


def priority_get(*, user, pk: int) -> Priority:
    """One priority the user may see; raises Priority.DoesNotExist otherwise (a 404)."""
    return priority_list(user=user).get(pk=pk)


def priority_can_edit(*, user, priority: Priority) -> bool:
    return Priority.objects.editable_by(user).filter(pk=priority.pk).exists()


def priority_pool(*, user=None, la=None) -> QuerySet[Priority]:
    """The priorities peer matching and networks may read.

    For a signed-in user: exactly what that user may see. For the command line (``user=None``,
    run by the operator as the system): priorities shared with the sector, plus — when ``la``
    is given — that LA's own priorities, so ``journeys peers CODE`` matches the LA's private
    priorities against what others have chosen to share, and never reveals another LA's.
    """
    if user is not None:
        return Priority.objects.visible_to(user).select_related("la")
    records = Priority.objects.filter(visibility=Visibility.SECTOR)
    if la is not None:
        records = records | Priority.objects.filter(la=la)
    return records.select_related("la")


def priority_stored_vectors(*, priorities: Iterable[Priority]) -> dict[str, np.ndarray]:
    """The stored sentence vectors of these priorities, by statement, where still up to date.

    A priority without a vector, or whose statement changed since its vector was computed, is
    left out: :func:`journeys.priorities.similarity.stored_vectoriser` encodes those afresh.
    """
    vectors = {}
    for priority in priorities:
        if priority.statement_vector is None:
            continue
        statement = priority.statement
        if priority.statement_vector_key != encoder.vector_key(statement):
            continue
        vector = encoder.vector_from_bytes(priority.statement_vector)
        if vector is not None:
            vectors[statement] = vector
    return vectors


def priority_as_dict(priority: Priority) -> dict:
    """The stable machine-readable form used by the API and the CLI."""
    return {
        "id": priority.pk,
        "la": {"old_la_code": priority.la.old_la_code, "name": priority.la.name},
        "title": priority.title,
        "issue": priority.issue,
        "actions": priority.actions,
        "learning": priority.learning,
        "status": priority.status,
        "started_on": priority.started_on.isoformat() if priority.started_on else None,
        "review_on": priority.review_on.isoformat() if priority.review_on else None,
        "stage": priority.stage or None,
        "visibility": priority.visibility,
        "theme": priority.theme,
        "theme_title": theme_by_number(priority.theme).title,
        "theme_confidence": priority.theme_confidence,
        "theme_method": priority.theme_method,
        "classified_theme": priority.classified_theme,
        "theme_overridden": priority.theme_is_overridden,
        "theme_overridden_at": priority.theme_overridden_at.isoformat()
        if priority.theme_overridden_at
        else None,
        "demonstration": priority.is_demo,
        "version": priority.version,
    }


def model_provenance() -> dict:
    """Where the theme-suggestion model comes from, its licence, and whether this machine uses it."""
    check = encoder.check_model()
    return {
        "name": "all-MiniLM-L6-v2",
        "source_url": encoder.UPSTREAM_URL,
        "licence": "Apache License, Version 2.0",
        "licence_url": "https://www.apache.org/licenses/LICENSE-2.0",
        "sha256": encoder.UPSTREAM_WEIGHTS_SHA256,
        "size": encoder.UPSTREAM_WEIGHTS_BYTES,
        "verified": check.verified,
        "reason": check.reason,
    }
