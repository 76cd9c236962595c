"""Writes for the priority register: create, edit, share, override the theme, store sentence vectors
and the trained theme classifier; tell editors when a priority's review date comes."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from datetime import date
from functools import cache
from typing import Any

from django.db import transaction
from django.utils import timezone

from journeys.accounts import permissions
from journeys.notifications.services import notify_priority_review

from . import classifier, encoder
from .classifier import classify
from .models import Priority, StoredThemeClassifier
from .themes import labelled_examples

logger = logging.getLogger(__name__)

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


class StaleVersion(Exception):
    """The priority changed since the editor loaded it: saving would overwrite someone's change."""

    def __init__(self, current: Priority):
        self.current = current
        super().__init__(
            f"Someone else changed this priority (now version {current.version}) after you opened it."
        )


def _current(*, user, priority: Priority, expected_version: int | None, action: str) -> Priority:
    """The priority as stored now, locked until the transaction ends (on SQLite the write lock is
    taken when the transaction begins), if the user may change it and nobody has since
    ``expected_version`` was read; None skips the check (imports and demonstration content)."""
    current = Priority.objects.editable_by(user).select_for_update().filter(pk=priority.pk).first()
    if current is None:
        raise NotEditable(f"only editors of the priority's local authority {action}")
    if expected_version is not None and current.version != expected_version:
        raise StaleVersion(current)
    return current


def theme_classifier_train() -> bool:
    """Train the theme classifier and store it, unless one trained from the same examples, encoder
    and settings is stored already; returns whether it trained. Without the encoder's weights there
    is nothing to store: the TF-IDF fallback trains in a fraction of a second wherever it is used."""
    if not encoder.available():
        return False
    digest = classifier.training_digest()
    if StoredThemeClassifier.objects.filter(digest=digest).exists():
        return False
    model = classifier.train_for_storage()
    examples = len(labelled_examples()[0])
    # Two app servers finding it missing at once store one row between them (digest is unique).
    StoredThemeClassifier.objects.get_or_create(
        digest=digest, defaults={"method": model.method, "weights": model.to_bytes(), "examples": examples}
    )
    return True


def theme_classifier_load() -> classifier.ThemeModel:
    """The classifier priorities are themed with: the stored one, read once per process."""
    if not encoder.available():
        return classifier.trained("tfidf")
    return _stored_classifier(classifier.training_digest())


def theme_classifier_warm_up() -> None:
    """Load the classifier and the sentence encoder now, so the first priority written in this
    process does not wait for them."""
    classify(["Recruit permanent social workers"], model=theme_classifier_load())


@cache
def _stored_classifier(digest: str) -> classifier.LinearThemeModel:
    stored = StoredThemeClassifier.objects.filter(digest=digest).first()
    if stored is None:
        # Only after an upgrade that skipped `journeys setup`: train now, once for every server.
        logger.warning("No stored theme classifier for these examples and encoder; training one now")
        theme_classifier_train()
        stored = StoredThemeClassifier.objects.get(digest=digest)
    return classifier.LinearThemeModel.from_bytes(stored.weights)


def _classify(priority: Priority) -> None:
    result = classify([priority.statement], model=theme_classifier_load())[0]
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
def priority_update(
    *, user, priority: Priority, data: Mapping[str, Any], expected_version: int | None
) -> Priority:
    """Edit a priority, if nobody has changed it since ``expected_version`` was read; a changed
    statement is re-classified, but a person's override stands."""
    priority = _current(user=user, priority=priority, expected_version=expected_version, action="change it")
    before = priority.statement
    for field in EDITABLE_FIELDS:
        if field in data:
            setattr(priority, field, data[field])
    if priority.statement != before:
        _classify(priority)
    _embed([priority])  # a changed statement gets a new vector; an unchanged one keeps its own
    priority.full_clean()
    priority.version += 1
    priority.save()
    return priority


@transaction.atomic
def priority_delete(*, user, priority: Priority) -> None:
    """Delete a priority for good; the audit log keeps who deleted it and when."""
    _current(user=user, priority=priority, expected_version=None, action="delete it").delete()


@transaction.atomic
def priority_theme_override(
    *, user, priority: Priority, theme: int, expected_version: int | None
) -> Priority:
    """A person sets the theme; the classifier's answer is kept beside it for comparison."""
    priority = _current(
        user=user, priority=priority, expected_version=expected_version, action="change its theme"
    )
    priority.theme = int(theme)
    priority.theme_overridden_by = user
    priority.theme_overridden_at = timezone.now()
    priority.full_clean()
    priority.version += 1
    priority.save()
    return priority


@transaction.atomic
def priority_theme_restore(*, user, priority: Priority, expected_version: int | None) -> Priority:
    """Drop the override and go back to the classifier's theme."""
    priority = _current(
        user=user, priority=priority, expected_version=expected_version, action="change its theme"
    )
    priority.theme = priority.classified_theme
    priority.theme_overridden_by = None
    priority.theme_overridden_at = None
    priority.version += 1
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
    results = classify([r.statement for r in records], model=theme_classifier_load())
    for record, result in zip(records, results, strict=True):
        record.theme = record.classified_theme = result.theme
        record.theme_confidence = round(result.confidence, 4)
        record.theme_method = result.method
        record.save()
    return len(records)


def priority_reviews_notify(*, today: date | None = None) -> int:
    """Tell the editors of each live priority whose review date has come, once for each date;
    returns how many people were told (none when run again)."""
    due = Priority.objects.filter(
        review_on__lte=today or timezone.localdate(),
        status__in=[Priority.Status.PLANNED, Priority.Status.IN_PROGRESS],
    )
    return sum(notify_priority_review(priority=priority) for priority in due.select_related("la"))
