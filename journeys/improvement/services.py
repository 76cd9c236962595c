"""Writes for self-evaluations: create a draft, save it (optimistic locking), submit it,
withdraw a submitted one.

Every write goes through ``SelfEvaluation.objects.editable_by(user)``, so another LA's record,
or a record the user may only read, is simply not found.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from journeys.accounts import permissions
from journeys.accounts.permissions import Visibility
from journeys.frameworks.content import Framework
from journeys.frameworks.selectors import framework_version_current
from journeys.notifications.services import notify_self_evaluation_submitted

from .models import NOTE_MAX_LENGTH, NOTE_TOO_LONG, WITHDRAWAL_REASON_MAX_LENGTH, SelfEvaluation
from .selectors import framework_of, indicator_choices, self_evaluation_problems


class DraftExists(Exception):
    """The LA already has a draft; there is one at a time so two people never edit two copies."""

    def __init__(self, draft: SelfEvaluation):
        self.draft = draft
        super().__init__(f"Self-evaluation {draft.pk} is already in draft for {draft.la}.")


class StaleVersion(Exception):
    """The record changed since the editor loaded it: saving would overwrite someone's work."""

    def __init__(self, current: SelfEvaluation):
        self.current = current
        super().__init__(
            f"Someone else saved this self-evaluation (now version {current.version}) after you opened it."
        )


class NotEditable(Exception):
    """A submitted self-evaluation is frozen."""


class InvalidChanges(ValueError):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


FIELDS = ("ratings", "notes", "indicator_links", "answers", "self_placed_stage", "findings_accepted")


def self_evaluation_create(*, user, based_on: SelfEvaluation | None = None) -> SelfEvaluation:
    """Start a draft for the user's LA against the framework version in force.

    ``based_on`` (a submitted self-evaluation of the same LA) seeds the draft; statements that the
    current framework version no longer has are dropped.
    """
    if not permissions.can_edit_la(user, user.la_id):
        raise PermissionDenied("Only local authority editors start self-evaluations.")
    existing = SelfEvaluation.objects.filter(la_id=user.la_id, status=SelfEvaluation.Status.DRAFT).first()
    if existing is not None:
        raise DraftExists(existing)
    version = framework_version_current()
    draft = SelfEvaluation(la_id=user.la_id, framework_version=version, created_by=user, updated_by=user)
    if based_on is not None:
        if not permissions.can_edit_la(user, based_on.la_id):
            raise PermissionDenied("A draft can only be based on your own local authority's self-evaluation.")
        framework = framework_of(version.pk)
        known = {c.id for _, _, c in framework.all_characteristics()}
        draft.based_on = based_on
        draft.ratings = {k: v for k, v in based_on.ratings.items() if k in known}
        draft.notes = dict(based_on.notes)
        draft.indicator_links = dict(based_on.indicator_links)
        draft.answers = dict(based_on.answers)
        draft.self_placed_stage = based_on.self_placed_stage
        draft.findings_accepted = based_on.findings_accepted
    try:
        with transaction.atomic():
            draft.save()
    except IntegrityError:  # another editor started one at the same moment
        raise DraftExists(
            SelfEvaluation.objects.get(la_id=user.la_id, status=SelfEvaluation.Status.DRAFT)
        ) from None
    return draft


def _clean(framework: Framework, changes: Mapping[str, Any]) -> dict[str, Any]:
    """Check changes against the framework version; raise InvalidChanges naming every problem."""
    problems: list[str] = []
    characteristics = {c.id for _, _, c in framework.all_characteristics()}
    ratings = {r.id for r in framework.ratings}
    enablers = {e.id for e in framework.enablers}
    questions = {q.id for q in framework.self_evaluation_questions}
    stages = {s.id for s in framework.stages}
    indicators = {i for i, _ in indicator_choices()}
    unknown = set(changes) - set(FIELDS)
    if unknown:
        problems.append(f"unknown fields: {', '.join(sorted(unknown))}")
    for key, rating in (changes.get("ratings") or {}).items():
        if key not in characteristics:
            problems.append(f"ratings: {key!r} is not a statement of framework version {framework.version}")
        elif rating not in ratings and rating not in (None, ""):
            problems.append(f"ratings.{key}: {rating!r} is not one of {', '.join(sorted(ratings))}")
    for field, allowed in (("notes", enablers), ("indicator_links", enablers), ("answers", questions)):
        for key in changes.get(field) or {}:
            if key not in allowed:
                problems.append(f"{field}: {key!r} is not one of {', '.join(sorted(allowed))}")
    for key, note in (changes.get("notes") or {}).items():
        if len(note or "") > NOTE_MAX_LENGTH:
            problems.append(f"notes.{key}: {NOTE_TOO_LONG}")
    for enabler, linked in (changes.get("indicator_links") or {}).items():
        for indicator in linked or []:
            if indicator not in indicators:
                problems.append(
                    f"indicator_links.{enabler}: {indicator!r} is not an indicator in the catalogue"
                )
    stage = changes.get("self_placed_stage")
    if stage not in (None, "") and stage not in stages:
        problems.append(f"self_placed_stage: {stage!r} is not one of {', '.join(sorted(stages))}")
    if problems:
        raise InvalidChanges(problems)
    return dict(changes)


@transaction.atomic
def self_evaluation_update(
    *, evaluation_id: int, user, expected_version: int, changes: Mapping[str, Any]
) -> SelfEvaluation:
    """Save changes to a draft, if nobody else has saved it since ``expected_version`` was loaded.

    Ratings, notes, links and answers are merged by key, so a page that edits one enabler leaves
    the others alone; an empty rating or note removes it.
    """
    evaluation = SelfEvaluation.objects.editable_by(user).select_for_update().get(pk=evaluation_id)
    if not evaluation.is_draft:
        raise NotEditable(
            "This self-evaluation has been submitted and can no longer change. Start a new draft."
        )
    if evaluation.version != expected_version:
        raise StaleVersion(evaluation)
    cleaned = _clean(framework_of(evaluation.framework_version_id), changes)
    for field in ("ratings", "notes", "indicator_links", "answers"):
        if field in cleaned:
            merged = {**getattr(evaluation, field), **(cleaned[field] or {})}
            setattr(evaluation, field, {k: v for k, v in merged.items() if v not in (None, "", [])})
    if "self_placed_stage" in cleaned:
        evaluation.self_placed_stage = cleaned["self_placed_stage"] or ""
    if "findings_accepted" in cleaned:
        evaluation.findings_accepted = cleaned["findings_accepted"]
    evaluation.version += 1
    evaluation.updated_by = user
    evaluation.save()
    return evaluation


@transaction.atomic
def self_evaluation_submit(
    *, evaluation_id: int, user, expected_version: int | None = None, share_with_sector: bool = False
) -> SelfEvaluation:
    """Freeze a complete draft and share it with the region's coordinators and national admins
    (and, if chosen, with every Journeys user)."""
    evaluation = SelfEvaluation.objects.editable_by(user).select_for_update().get(pk=evaluation_id)
    if not evaluation.is_draft:
        raise NotEditable("This self-evaluation has already been submitted.")
    if expected_version is not None and evaluation.version != expected_version:
        raise StaleVersion(evaluation)
    problems = self_evaluation_problems(evaluation)
    if problems:
        raise InvalidChanges(problems)
    evaluation.status = SelfEvaluation.Status.SUBMITTED
    evaluation.visibility = Visibility.SECTOR if share_with_sector else Visibility.OVERSIGHT
    evaluation.submitted_at = timezone.now()
    evaluation.submitted_by = user
    evaluation.updated_by = user
    evaluation.version += 1
    evaluation.save()
    notify_self_evaluation_submitted(evaluation=evaluation)
    return evaluation


DEMO_EDITOR = "editor.birmingham@journeys.example"


def self_evaluation_demo_load() -> str:
    """A submitted self-evaluation for Birmingham, made by its demonstration editor, so the
    journey page, enabler profile and briefing have something to show; running it again adds nothing."""
    from django.contrib.auth import get_user_model

    from journeys.frameworks.selectors import framework_current

    editor = get_user_model().objects.filter(email=DEMO_EDITOR).first()
    if editor is None:
        return "skipped: no demonstration editor"
    if SelfEvaluation.objects.filter(la_id=editor.la_id).exists():
        return "already loaded"
    framework = framework_current()
    # A plausible profile: the basics mostly in place, later stages partly or not yet.
    by_stage = {
        "before_starting_line": "fully",
        "poor_to_fair": "mostly",
        "fair_to_good": "partly",
        "good_to_great": "not_yet",
    }
    ratings = {c.id: by_stage.get(stage, "partly") for stage, _, c in framework.all_characteristics()}
    answers = {
        "quality_and_impact": (
            "Audits show most children are seen and assessed in time; "
            "the quality of plans varies between teams."
        ),
        "how_do_you_know": (
            "Monthly practice audits with social workers, performance data, "
            "and feedback from families and partners."
        ),
        "plans": "Stabilise the workforce, embed the practice model in every team, strengthen early help.",
    }
    draft = self_evaluation_create(user=editor)
    self_evaluation_update(
        evaluation_id=draft.pk,
        user=editor,
        expected_version=draft.version,
        changes={
            "ratings": ratings,
            "answers": answers,
            "self_placed_stage": "fair_to_good",
            "findings_accepted": True,
        },
    )
    self_evaluation_submit(evaluation_id=draft.pk, user=editor)
    return "loaded: a submitted self-evaluation for Birmingham"


@transaction.atomic
def self_evaluation_delete(*, evaluation_id: int, user) -> None:
    """Delete a draft for good; the audit log and the saved versions keep that it was deleted.
    A submitted self-evaluation is never deleted: others have read and relied on it."""
    evaluation = SelfEvaluation.objects.select_for_update().get(pk=evaluation_id)
    if not permissions.can_edit_la(user, evaluation.la_id):
        raise PermissionDenied("Only the local authority's editors delete its drafts.")
    if not evaluation.is_draft:
        raise NotEditable("A submitted self-evaluation cannot be deleted.")
    evaluation.delete()


@transaction.atomic
def self_evaluation_withdraw(*, evaluation_id: int, user, reason: str = "") -> SelfEvaluation:
    """Withdraw a submitted self-evaluation: it is kept, shared as before and marked withdrawn
    (who, when, why), and no longer counts as the LA's latest submitted self-evaluation; the
    saved versions and the audit log record the withdrawal."""
    evaluation = SelfEvaluation.objects.editable_by(user).select_for_update().get(pk=evaluation_id)
    if not permissions.can_withdraw_self_evaluation(user, evaluation):
        raise NotEditable(
            "Only a submitted self-evaluation can be withdrawn."
            if not evaluation.is_submitted
            else "Only the local authority's editors withdraw its self-evaluations."
        )
    reason = reason.strip()
    if len(reason) > WITHDRAWAL_REASON_MAX_LENGTH:
        raise InvalidChanges([f"The reason must be {WITHDRAWAL_REASON_MAX_LENGTH:,} characters or fewer"])
    evaluation.status = SelfEvaluation.Status.WITHDRAWN
    evaluation.withdrawn_at = timezone.now()
    evaluation.withdrawn_by = user
    evaluation.withdrawal_reason = reason
    evaluation.updated_by = user
    evaluation.version += 1
    evaluation.save()
    return evaluation
