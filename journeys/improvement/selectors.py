"""Reads for journeys: self-evaluations (always scoped to the user), their scores and history."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from functools import cache, lru_cache

from journeys.accounts import permissions
from journeys.evidence.catalogue import load_catalogue
from journeys.evidence.presentation import stage_name
from journeys.frameworks.content import Framework, framework_from_dict
from journeys.frameworks.models import FrameworkVersion

from .journey import (
    EnablerProfile,
    EnablerStageCell,
    EnablerStageRow,
    SelfEvaluationRatings,
    StageRef,
)
from .models import SelfEvaluation
from .placement import STAGE_ORDER, SelfEvaluationSummary

# A statement counts as met when rated at least "Mostly in place".
MET_FROM = "mostly"


@lru_cache(maxsize=8)
def framework_of(version_pk: int) -> Framework:
    """The framework as a self-evaluation's version published it (versions never change)."""
    return framework_from_dict(FrameworkVersion.objects.get(pk=version_pk).content)


@cache
def indicator_choices() -> tuple[tuple[str, str], ...]:
    """Indicators a self-evaluation may cite: every one shown on pages, judgements included."""
    return tuple((i.id, i.title) for i in load_catalogue().indicators.values() if i.is_shown)


@cache
def suggested_indicators() -> dict[str, tuple[str, ...]]:
    """Enabler id -> the catalogue's indicators for it, offered first on that enabler's page."""
    found: dict[str, list[str]] = {}
    for indicator in load_catalogue().indicators.values():
        if indicator.is_shown and indicator.isos_enabler:
            found.setdefault(indicator.isos_enabler, []).append(indicator.id)
    return {k: tuple(v) for k, v in found.items()}


# --- Scoped reads -------------------------------------------------------------------------------


def self_evaluation_list(*, user, la=None):
    """Self-evaluations the user may see (optionally of one LA), newest first."""
    records = SelfEvaluation.objects.visible_to(user).select_related("la", "submitted_by", "updated_by")
    return records.filter(la=la) if la is not None else records


def self_evaluation_get(*, user, pk: int) -> SelfEvaluation:
    """One self-evaluation the user may see; raises SelfEvaluation.DoesNotExist otherwise (a 404)."""
    return self_evaluation_list(user=user).get(pk=pk)


def self_evaluation_can_edit(*, user, evaluation: SelfEvaluation) -> bool:
    return evaluation.is_draft and SelfEvaluation.objects.editable_by(user).filter(pk=evaluation.pk).exists()


def self_evaluation_latest_submitted(*, la, user=None) -> SelfEvaluation | None:
    """The LA's latest submitted self-evaluation, as ``user`` may see it; ``user=None`` is the
    operator's view (the CLI and the briefing an operator renders). A withdrawn one never counts."""
    records = SelfEvaluation.objects.all() if user is None else SelfEvaluation.objects.visible_to(user)
    return (
        records.filter(la=la, status=SelfEvaluation.Status.SUBMITTED).order_by("-submitted_at", "-pk").first()
    )


# --- Progress and completeness ----------------------------------------------------------------


@dataclass(frozen=True)
class EnablerProgress:
    enabler_id: str
    name: str
    rated: int
    total: int
    has_notes: bool

    @property
    def status(self) -> str:
        if self.rated == self.total:
            return "Completed"
        return "In progress" if self.rated or self.has_notes else "Not started"


def self_evaluation_progress(evaluation: SelfEvaluation) -> list[EnablerProgress]:
    framework = framework_of(evaluation.framework_version_id)
    progress = []
    for enabler in framework.enablers:
        ids = [c.id for stage in framework.stages for c in framework.cell(stage.id, enabler.id)]
        rated = sum(1 for i in ids if evaluation.ratings.get(i))
        progress.append(
            EnablerProgress(enabler.id, enabler.name, rated, len(ids), bool(evaluation.notes.get(enabler.id)))
        )
    return progress


def self_evaluation_problems(evaluation: SelfEvaluation) -> list[str]:
    """What must be done before the self-evaluation can be submitted, in plain words."""
    framework = framework_of(evaluation.framework_version_id)
    problems = [
        f"Rate every statement for {p.name} ({p.total - p.rated} still to rate)"
        for p in self_evaluation_progress(evaluation)
        if p.rated < p.total
    ]
    for question in framework.self_evaluation_questions:
        if not (evaluation.answers.get(question.id) or "").strip():
            problems.append(f"Answer the question: {question.question}")
    return problems


# --- Scores -------------------------------------------------------------------------------------


def enabler_scores(evaluation: SelfEvaluation, *, up_to_stage: str | None = None) -> dict[str, float | None]:
    """Enabler id -> the mean rating (0 not yet .. 3 fully in place) of its statements.

    Only stages up to and including ``up_to_stage`` count (default: every stage): an LA placed at
    "Fair to good" is scored on what the journey asks of it so far, not on what good-to-great
    councils do. Unrated statements are left out; an enabler with none rated scores None.
    """
    framework = framework_of(evaluation.framework_version_id)
    values = {r.id: r.value for r in framework.ratings}
    last = STAGE_ORDER.index(up_to_stage) if up_to_stage else len(STAGE_ORDER) - 1
    stages = [s.id for s in framework.stages if s.id in STAGE_ORDER and STAGE_ORDER.index(s.id) <= last]
    scores: dict[str, float | None] = {}
    for enabler in framework.enablers:
        rated = [
            values[evaluation.ratings[c.id]]
            for stage in stages
            for c in framework.cell(stage, enabler.id)
            if evaluation.ratings.get(c.id) in values
        ]
        scores[enabler.id] = round(statistics.fmean(rated), 2) if rated else None
    return scores


def self_evaluation_summary(evaluation: SelfEvaluation | None) -> SelfEvaluationSummary | None:
    """What placement reads from a submitted self-evaluation. Scored over the stages up to the
    one the LA placed itself at, or over every stage when it did not say."""
    if evaluation is None:
        return None
    scores = enabler_scores(evaluation, up_to_stage=evaluation.self_placed_stage or None)
    return SelfEvaluationSummary(
        self_placed_stage=evaluation.self_placed_stage or None,
        enabler_ratings={k: v for k, v in scores.items() if v is not None},
        findings_accepted=evaluation.findings_accepted,
    )


def self_evaluation_ratings(evaluation: SelfEvaluation | None) -> SelfEvaluationRatings | None:
    """What the stage markers read from a submitted self-evaluation."""
    if evaluation is None:
        return None
    framework = framework_of(evaluation.framework_version_id)
    values = {r.id: r.value for r in framework.ratings}
    return SelfEvaluationRatings(
        ratings={k: values[v] for k, v in evaluation.ratings.items() if v in values},
        rating_values=values,
        rating_labels={r.value: r.label for r in framework.ratings},
        findings_accepted=evaluation.findings_accepted,
    )


def enabler_stage_profile(evaluation: SelfEvaluation) -> EnablerProfile:
    """Per enabler and stage, how many of the stage's statements are rated at least mostly in
    place, how many are rated at all and how many there are: no stage is averaged away."""
    framework = framework_of(evaluation.framework_version_id)
    values = {r.id: r.value for r in framework.ratings}
    threshold = values[MET_FROM]
    stages = [s.id for s in framework.stages if s.id in STAGE_ORDER]
    rows = []
    for enabler in framework.enablers:
        cells = []
        for stage_id in stages:
            statements = framework.cell(stage_id, enabler.id)
            rated = [
                values[evaluation.ratings[c.id]] for c in statements if evaluation.ratings.get(c.id) in values
            ]
            cells.append(
                EnablerStageCell(stage_id, sum(v >= threshold for v in rated), len(rated), len(statements))
            )
        rows.append(EnablerStageRow(enabler.id, enabler.name, tuple(cells)))
    submitted = evaluation.submitted_at.date() if evaluation.submitted_at else None
    return EnablerProfile(
        evaluation.pk, submitted, tuple(StageRef(s, stage_name(s)) for s in stages), tuple(rows)
    )


# --- History ------------------------------------------------------------------------------------


def self_evaluation_versions(evaluation: SelfEvaluation, *, user):
    """Saved versions, newest first (django-simple-history records); a reader who may not see
    drafts sees only the submitted version (and its withdrawal), not the drafts that led to it."""
    versions = evaluation.history.select_related("history_user").order_by("-history_date", "-history_id")
    if permissions.can_see_drafts(user, evaluation.la_id):
        return versions
    return versions.exclude(status=SelfEvaluation.Status.DRAFT)


@dataclass(frozen=True)
class ComparedRow:
    stage: str
    enabler: str
    statement: str
    before: str
    after: str

    @property
    def changed(self) -> bool:
        return self.before != self.after


def self_evaluation_compare(evaluation: SelfEvaluation, before, after) -> dict:
    """Two saved versions side by side: every statement's rating, notes and answers, and what changed."""
    framework = framework_of(evaluation.framework_version_id)
    labels = {r.id: r.label for r in framework.ratings}
    not_rated = "Not rated"
    rows = [
        ComparedRow(
            framework.stage(stage_id).name,
            framework.enabler(enabler_id).name,
            c.text,
            labels.get(before.ratings.get(c.id), not_rated),
            labels.get(after.ratings.get(c.id), not_rated),
        )
        for stage_id, enabler_id, c in framework.all_characteristics()
    ]
    texts = [
        ComparedRow("", e.name, "Evidence notes", before.notes.get(e.id, ""), after.notes.get(e.id, ""))
        for e in framework.enablers
    ] + [
        ComparedRow("", "", q.question, before.answers.get(q.id, ""), after.answers.get(q.id, ""))
        for q in framework.self_evaluation_questions
    ]
    return {"ratings": rows, "texts": texts, "changed": sum(r.changed for r in rows + texts)}


def changed_since(evaluation: SelfEvaluation, version: int) -> list[str]:
    """Statements and notes someone else changed after ``version``: shown when a save is refused."""
    earlier = evaluation.history.filter(version=version).order_by("-history_date").first()
    if earlier is None:
        return []
    framework = framework_of(evaluation.framework_version_id)
    changed = [
        c.text
        for _, _, c in framework.all_characteristics()
        if earlier.ratings.get(c.id) != evaluation.ratings.get(c.id)
    ]
    changed += [
        f"Evidence notes for {e.name}"
        for e in framework.enablers
        if earlier.notes.get(e.id) != evaluation.notes.get(e.id)
    ]
    changed += [
        q.question
        for q in framework.self_evaluation_questions
        if earlier.answers.get(q.id) != evaluation.answers.get(q.id)
    ]
    return changed
