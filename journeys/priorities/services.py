"""Writes for the priority register: create, edit, share, override the theme, store sentence vectors."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from journeys.accounts import permissions

from . import encoder
from .classifier import classify
from .models import Priority

EDITABLE_FIELDS = (
    "title",
    "issue",
    "actions",
    "learning",
    "status",
    "started_on",
    "review_on",
    "stage",
    "visibility",
)


class NotEditable(Exception):
    """The user may not change this priority (not an editor of its LA)."""


def _classify(priority: Priority) -> None:
    result = classify([priority.statement])[0]
    priority.classified_theme = result.theme
    priority.theme_confidence = round(result.confidence, 4)
    priority.theme_method = result.method
    if not priority.theme_is_overridden:
        priority.theme = result.theme


def _embed(priorities: Sequence[Priority]) -> list[Priority]:
    """Store the sentence vector of each statement whose stored one is missing or out of date
    (on the instances; the caller saves them). Returns the priorities given new vectors.

    Without the model nothing is stored: TF-IDF vectors depend on the texts compared together,
    so peer matching computes them afresh every time anyway."""
    stale = [
        p
        for p in priorities
        if p.statement_vector is None or p.statement_vector_key != encoder.vector_key(p.statement)
    ]
    if not stale or not encoder.available():
        return []
    for priority, vector in zip(stale, encoder.encode([p.statement for p in stale]), strict=True):
        priority.statement_vector = encoder.vector_to_bytes(vector)
        priority.statement_vector_key = encoder.vector_key(priority.statement)
    return stale


def priority_vectors_fill(*, batch_size: int = 64) -> int:
    """Compute the missing or out-of-date sentence vectors of every priority; returns how many."""
    filled = 0
    records = list(Priority.objects.order_by("pk"))
    for start in range(0, len(records), batch_size):
        changed = _embed(records[start : start + batch_size])
        Priority.objects.bulk_update(changed, ["statement_vector", "statement_vector_key"])
        filled += len(changed)
    return filled


@transaction.atomic
def priority_create(*, user, data: Mapping[str, Any], is_demo: bool = False) -> Priority:
    """A new priority for the user's own LA, themed by the classifier."""
    if not permissions.can_edit_la(user, user.la_id):
        raise NotEditable("only local authority editors record priorities")
    priority = Priority(la_id=user.la_id, created_by=user, is_demo=is_demo)
    for field in EDITABLE_FIELDS:
        if field in data:
            setattr(priority, field, data[field])
    _classify(priority)
    _embed([priority])
    priority.full_clean()
    priority.save()
    return priority


@transaction.atomic
def priority_update(*, user, priority: Priority, data: Mapping[str, Any]) -> Priority:
    """Edit a priority; a changed statement is re-classified, but a person's override stands."""
    if not Priority.objects.editable_by(user).filter(pk=priority.pk).exists():
        raise NotEditable("only editors of the priority's local authority change it")
    before = priority.statement
    for field in EDITABLE_FIELDS:
        if field in data:
            setattr(priority, field, data[field])
    if priority.statement != before:
        _classify(priority)
    _embed([priority])  # a changed statement gets a new vector; an unchanged one keeps its own
    priority.full_clean()
    priority.save()
    return priority


@transaction.atomic
def priority_theme_override(*, user, priority: Priority, theme: int) -> Priority:
    """A person sets the theme; the classifier's answer is kept beside it for comparison."""
    if not Priority.objects.editable_by(user).filter(pk=priority.pk).exists():
        raise NotEditable("only editors of the priority's local authority change its theme")
    priority.theme = int(theme)
    priority.theme_overridden_by = user
    priority.theme_overridden_at = timezone.now()
    priority.full_clean()
    priority.save()
    return priority


@transaction.atomic
def priority_theme_restore(*, user, priority: Priority) -> Priority:
    """Drop the override and go back to the classifier's theme."""
    if not Priority.objects.editable_by(user).filter(pk=priority.pk).exists():
        raise NotEditable("only editors of the priority's local authority change its theme")
    priority.theme = priority.classified_theme
    priority.theme_overridden_by = None
    priority.theme_overridden_at = None
    priority.save()
    return priority


@transaction.atomic
def priority_demo_load() -> int:
    """Create the labelled demonstration priorities, shared with the sector; returns how many are new."""
    from journeys.accounts.permissions import Visibility
    from journeys.authorities.selectors import authority_get

    from .demo import DEMO_ACTIONS, DEMO_PRIORITIES

    missing = []
    for demo in DEMO_PRIORITIES:
        authority = authority_get(query=demo.la_name)
        if not Priority.objects.filter(la=authority, title=demo.title, is_demo=True).exists():
            missing.append((authority, demo))
    if not missing:
        return 0
    # One batch through the classifier: far quicker than one statement at a time.
    records = [
        Priority(
            la=authority,
            title=demo.title,
            issue=demo.issue,
            actions=DEMO_ACTIONS,
            learning=demo.learning,
            status=Priority.Status.IN_PROGRESS,
            visibility=Visibility.SECTOR,
            is_demo=True,
        )
        for authority, demo in missing
    ]
    _embed(records)
    for record, result in zip(records, classify([r.statement for r in records]), strict=True):
        record.theme = record.classified_theme = result.theme
        record.theme_confidence = round(result.confidence, 4)
        record.theme_method = result.method
        record.save()
    return len(records)
