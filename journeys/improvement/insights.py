"""Reads that join the evidence to the journey calculations: placement, enabler profile,
timescales, early warning and the sector.

Everything expensive (every LA's placement and warning, the Kaplan-Meier curves, the past cases,
the backtest) is derived when the evidence changes (:func:`derive`, registered with
``journeys.evidence.derivations`` when the app is ready) and stored under the evidence version;
the functions below read it back, and compute (and store) only what no derivation stored, such
as a warning as of another day. What is private (self-evaluations) is read only through the
caller's scope and never stored; ``user=None`` is the operator's view used by the command line.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any

from journeys.accounts import permissions
from journeys.authorities.models import LocalAuthority
from journeys.authorities.register import load_register
from journeys.evidence import presentation
from journeys.evidence.derivations import derived, derived_many
from journeys.evidence.presentation import stage_name

from . import sources
from .backtest import backtest
from .early_warning import CAVEAT as WARNING_CAVEAT
from .early_warning import INDICATORS as WARNING_INDICATORS
from .early_warning import EarlyWarning, past_cases, warnings_at
from .models import SelfEvaluation
from .placement import Placement, judged_history, place
from .sector import CONVENTIONS, DEFAULT_CONVENTION, sector_at, sector_series
from .selectors import (
    enabler_scores,
    framework_of,
    self_evaluation_latest_submitted,
    self_evaluation_summary,
)
from .timescales import CAVEAT, CURVES, INDICATIVE, METHOD, Curve, fit_curves, next_step_window

DERIVATION = "improvement"  # the name this app's results are stored under
SECTOR_FIRST_YEAR = 2014


class _Evidence:
    """What the calculations read, each loaded from the evidence once, when first needed."""

    @cached_property
    def inspections(self) -> list:
        return sources.inspection_records()

    @cached_property
    def observations(self) -> list:
        # The warning and its past cases read only these indicators' figures.
        return sources.observation_records(indicators=WARNING_INDICATORS)

    @cached_property
    def neighbours(self) -> dict[str, list[str]]:
        return sources.neighbour_map()

    @cached_property
    def backtest_neighbours(self) -> dict[str, list[str]]:
        return sources.backtest_neighbours()

    @cached_property
    def cutoff(self) -> date:
        """The date of the latest inspection on record: curves are censored there, not 'today'."""
        dates = [i.date for i in self.inspections if i.date is not None]
        return max(dates) if dates else date.today()

    @cached_property
    def curves(self) -> dict[str, Curve]:
        return fit_curves(self.inspections, self.cutoff, _end_dates())

    @cached_property
    def past_cases(self) -> list:
        """The warning's past cases (the slow part of a warning)."""
        return past_cases(self.inspections, self.observations, self.backtest_neighbours)

    @cached_property
    def backtest(self) -> dict[str, Any]:
        return backtest(self.inspections, self.observations, self.backtest_neighbours, self.past_cases)

    def warnings(self, codes: list[str], as_of: date, cases: list) -> dict[str, EarlyWarning]:
        return warnings_at(codes, as_of, self.inspections, self.observations, self.neighbours, cases)


def _stored(key: str, compute):
    return derived(f"{DERIVATION}:{key}", compute)


def _current_codes() -> list[str]:
    return list(LocalAuthority.objects.filter(status="current").values_list("old_la_code", flat=True))


def data_cutoff() -> date:
    """The date of the latest inspection on record: curves are censored there, not 'today'."""
    return _stored("cutoff", lambda: _Evidence().cutoff)


def _end_dates() -> dict[str, date]:
    return dict(LocalAuthority.objects.filter(ended_on__isnull=False).values_list("old_la_code", "ended_on"))


# --- Timescales --------------------------------------------------------------------------------


def timescale_curves() -> dict[str, Curve]:
    return _stored("curves", lambda: _Evidence().curves)


def timescales_report() -> dict[str, Any]:
    """The CLI and methodology page's figures: each curve's n, events and quartiles in months."""
    curves = timescale_curves()
    report: dict[str, Any] = {curve_id: curve.summary() for curve_id, curve in curves.items()}
    report["indicative"] = dict(INDICATIVE)
    report["caveat"] = CAVEAT
    report["cutoff"] = data_cutoff().isoformat()
    return report


TIMESCALES_METHOD = METHOD
CURVE_TITLES = {c.id: c.title for c in CURVES}


# --- Early warning -----------------------------------------------------------------------------


def backtest_report() -> dict[str, Any]:
    return _stored("backtest", lambda: _Evidence().backtest)


def _past_cases() -> list:
    return _stored("past-cases", lambda: _Evidence().past_cases)


def _warning_key(code: str, as_of: date) -> str:
    return f"warning:{code}@{as_of.isoformat()}"


def early_warnings(*, as_of: date, la_codes: list[str] | None = None) -> dict[str, EarlyWarning]:
    """LA code -> EarlyWarning on ``as_of`` (default every current LA)."""
    codes = la_codes or _current_codes()
    keys = {f"{DERIVATION}:{_warning_key(code, as_of)}": code for code in codes}

    def compute(missing: list[str]) -> dict[str, EarlyWarning]:
        computed = _Evidence().warnings([keys[key] for key in missing], as_of, _past_cases())
        return {key: computed[keys[key]] for key in missing}

    found = derived_many(list(keys), compute)
    return {code: found[key] for key, code in keys.items()}


def warning_as_dict(warning: EarlyWarning) -> dict[str, Any]:
    return {
        "la": warning.la_code,
        "as_of": warning.as_of.isoformat(),
        "cannot_come_out_worse": warning.cannot_come_out_worse,
        "headline": warning.headline,
        "statements": [
            {
                "target": s.target,
                "title": s.title,
                "cannot_happen": s.cannot_happen,
                "happened": s.happened,
                "of": s.of,
                "figure": s.figure,
                "text": s.text,
            }
            for s in warning.statements
        ],
        "context": warning.context,
        "caveat": WARNING_CAVEAT,
        "signals": [
            {
                "id": s.id,
                "title": s.title,
                "fired": s.result.fired,
                "available": s.result.available,
                "reason": s.result.reason,
            }
            for s in warning.signals
        ],
    }


# --- Placement and the LA's journey ------------------------------------------------------------


@dataclass(frozen=True)
class LatestInspection:
    """The LA's latest judged inspection as of the journey's date."""

    framework: str
    kind: str
    start_date: date | None  # when the fieldwork began
    published: date | None  # when the report was published
    overall: str | None  # Ofsted's overall grade; None when none was given (from April 2026)

    @property
    def name(self) -> str:
        return presentation.inspection_name(self.start_date, self.published)

    @property
    def date(self) -> date | None:
        """The day the inspection is dated by: its fieldwork, else its publication."""
        return self.start_date or self.published


@dataclass(frozen=True)
class NextStep:
    """When the next step along the journey might come, from the timescale curves."""

    curve: str
    title: str
    since: date  # when the current spell began
    months_so_far: float
    earliest: date | None  # a quarter of LAs had moved on by then
    median: date | None
    latest: date | None  # three quarters had
    text: str


def latest_inspection(la: LocalAuthority, as_of: date) -> LatestInspection | None:
    judged = [i for i in judged_history(la_inspections(la)) if i.date <= as_of]
    if not judged:
        return None
    last = judged[-1]
    return LatestInspection(
        last.framework,
        last.kind,
        last.start_date,
        last.published,
        last.overall.label if last.overall else None,
    )


def la_inspections(la: LocalAuthority) -> list:
    """The LA's own inspections; a successor with none of its own judged yet reads its
    predecessors' history (placement and windows then describe the area as inspected)."""
    own = sources.inspection_records(la_codes=[la.old_la_code])
    if judged_history(own):
        return own
    predecessors = list(la.predecessors.values_list("old_la_code", flat=True))
    return own + sources.inspection_records(la_codes=predecessors)


def placement_as_dict(la: LocalAuthority, placement: Placement, as_of: date) -> dict[str, Any]:
    return {
        "la": la.old_la_code,
        "la_name": la.name,
        "as_of": as_of.isoformat(),
        "stage": {"id": placement.stage_id, "name": placement.stage_name},
        "confidence": placement.confidence,
        "confidence_score": placement.confidence_score,
        "reasons": placement.reasons,
        "self_view_gap": placement.self_view_gap,
        "evidence_used": placement.evidence_used,
    }


def la_placement(
    la: LocalAuthority, *, evaluation: SelfEvaluation | None = None, as_of: date | None = None
) -> Placement:
    as_of = as_of or date.today()
    if evaluation is None:  # on published evidence alone: the same for everyone, so stored
        return _stored(f"placement:{la.old_la_code}@{as_of.isoformat()}", lambda: _place(la, None, as_of))
    return _place(la, evaluation, as_of)


def _place(la: LocalAuthority, evaluation: SelfEvaluation | None, as_of: date) -> Placement:
    return place(
        la_inspections(la),
        benchmarks=sources.benchmark_facts(la_code=la.old_la_code),
        self_evaluation=self_evaluation_summary(evaluation),
        as_of=as_of,
    )


def register_journeys(*, as_of: date) -> dict[str, dict[str, Any]]:
    """Every current LA's stage on published evidence and its latest judged inspection, for the
    register of LAs."""
    return _stored(f"register@{as_of.isoformat()}", lambda: _register_entries(as_of))


def _register_entries(as_of: date) -> dict[str, dict[str, Any]]:
    entries = {}
    for la in LocalAuthority.objects.filter(status="current").prefetch_related("predecessors"):
        placement = la_placement(la, as_of=as_of)
        judged = [i for i in la_inspections(la) if i.overall is not None and i.date is not None]
        entries[la.old_la_code] = {
            "stage": {"id": placement.stage_id, "name": placement.stage_name},
            "latest_inspection": max(judged, key=lambda i: i.date, default=None),
        }
    return entries


def la_journey(
    la: LocalAuthority, *, user=None, operator: bool = False, as_of: date | None = None
) -> dict[str, Any]:
    """Everything the journey page, API, CLI and briefing show about one LA.

    The public view places the LA on published evidence alone. The latest submitted
    self-evaluation joins in only for those in scope (``user`` may see it) or the operator.
    """
    as_of = as_of or date.today()
    evaluation = None
    if operator:
        evaluation = self_evaluation_latest_submitted(la=la)
    elif user is not None and user.is_authenticated:
        evaluation = self_evaluation_latest_submitted(la=la, user=user)
    placement = la_placement(la, evaluation=evaluation, as_of=as_of)
    window = next_step_window(la_inspections(la), timescale_curves(), as_of)
    warning = early_warnings(as_of=as_of, la_codes=[la.old_la_code])[la.old_la_code]
    result = placement_as_dict(la, placement, as_of)
    result.update(
        self_evaluation_used=evaluation is not None,
        latest_inspection=latest_inspection(la, as_of),
        next_step=(
            None
            if window is None
            else NextStep(
                curve=window.curve_id,
                title=CURVE_TITLES[window.curve_id],
                since=window.spell_start,
                months_so_far=window.months_so_far,
                earliest=window.earliest,
                median=window.median,
                latest=window.latest,
                text=window.text,
            )
        ),
        early_warning=warning_as_dict(warning),
        enabler_profile=enabler_profile(evaluation, placement.stage_id, as_of=as_of) if evaluation else None,
    )
    return result


# --- Enabler profile ---------------------------------------------------------------------------


def _quartiles(values: list[float]) -> dict[str, float]:
    if len(values) == 1:
        return {"q25": values[0], "median": values[0], "q75": values[0]}
    q = statistics.quantiles(values, n=4, method="inclusive")
    return {"q25": round(q[0], 2), "median": round(statistics.median(values), 2), "q75": round(q[2], 2)}


def stage_distribution(stage_id: str, *, as_of: date, exclude_la=None) -> dict[str, Any]:
    """Enabler scores of the other LAs placed at ``stage_id`` whose latest self-evaluation is
    submitted: median and quartiles per enabler (suppressed when fewer than
    permissions.AGGREGATE_MINIMUM LAs), and individual scores only of LAs that shared theirs with
    the sector. The one read of every LA's self-evaluation, whoever asks (see permissions.py)."""
    latest: dict[int, SelfEvaluation] = {}
    for record in (
        permissions.submitted_self_evaluations_for_aggregates(SelfEvaluation)
        .select_related("la")
        .order_by("submitted_at", "pk")
    ):
        latest[record.la_id] = record
    peers = []
    for record in latest.values():
        if exclude_la is not None and record.la_id == exclude_la.pk:
            continue
        if la_placement(record.la, evaluation=record, as_of=as_of).stage_id == stage_id:
            peers.append(record)
    by_enabler: dict[str, list[float]] = {}
    shared = []
    for record in peers:
        scores = enabler_scores(record, up_to_stage=stage_id)
        for enabler_id, score in scores.items():
            if score is not None:
                by_enabler.setdefault(enabler_id, []).append(score)
        if permissions.can_quote_to_everyone(record):
            shared.append({"la": record.la.old_la_code, "la_name": record.la.name, "scores": scores})
    n = len(peers)
    publishable = permissions.aggregate_publishable(n)
    return {
        "stage": stage_id,
        "n": n,
        "suppressed": not publishable,
        "by_enabler": {}
        if not publishable
        else {k: {"n": len(v), **_quartiles(v)} for k, v in by_enabler.items()},
        "shared": shared,
    }


def enabler_profile(evaluation: SelfEvaluation, stage_id: str, *, as_of: date) -> dict[str, Any]:
    framework = framework_of(evaluation.framework_version_id)
    scores = enabler_scores(evaluation, up_to_stage=stage_id)
    return {
        "assessment": evaluation.pk,  # the published API's name for this key
        "submitted_at": evaluation.submitted_at.isoformat() if evaluation.submitted_at else None,
        "scored_up_to": {"id": stage_id, "name": stage_name(stage_id)},
        "enablers": [{"id": e.id, "name": e.name, "score": scores[e.id]} for e in framework.enablers],
        "same_stage": stage_distribution(stage_id, as_of=as_of, exclude_la=evaluation.la),
    }


# --- Sector ------------------------------------------------------------------------------------


def sector_report(*, as_of: date, convention: str = DEFAULT_CONVENTION) -> dict[str, Any]:
    report = sector_at(
        sources.inspection_records(), load_register().authorities, as_of, convention=convention
    )
    report["as_of"] = as_of.isoformat()
    return report


def sector_over_time(
    *, first_year: int = SECTOR_FIRST_YEAR, last_year: int | None = None, convention: str = DEFAULT_CONVENTION
) -> list[dict[str, Any]]:
    last_year = last_year or data_cutoff().year
    return _stored(
        f"sector-series:{first_year}:{last_year}:{convention}",
        lambda: _sector_series(sources.inspection_records(), first_year, last_year, convention),
    )


def _sector_series(inspections, first_year: int, last_year: int, convention: str) -> list[dict[str, Any]]:
    return sector_series(
        inspections, load_register().authorities, first_year, last_year, convention=convention
    )


# --- What is derived when the evidence changes -------------------------------------------------


def derive(today: date) -> Iterable[tuple[str, Any]]:
    """Everything pages read that the evidence alone decides, as of ``today``: the curves, the
    past cases, the backtest, the sector over time, and every current LA's placement on
    published evidence, warning and register entry. Stored by ``journeys.evidence.derivations``."""
    evidence = _Evidence()
    yield "cutoff", evidence.cutoff
    yield "curves", evidence.curves
    yield "past-cases", evidence.past_cases
    yield "backtest", evidence.backtest
    for convention in CONVENTIONS:
        key = f"sector-series:{SECTOR_FIRST_YEAR}:{evidence.cutoff.year}:{convention}"
        yield key, _sector_series(evidence.inspections, SECTOR_FIRST_YEAR, evidence.cutoff.year, convention)
    authorities = list(LocalAuthority.objects.filter(status="current").prefetch_related("predecessors"))
    codes = [la.old_la_code for la in authorities]
    for code, warning in evidence.warnings(codes, today, evidence.past_cases).items():
        yield _warning_key(code, today), warning
    by_la: dict[str, list] = {}
    for inspection in evidence.inspections:
        by_la.setdefault(inspection.la_code, []).append(inspection)
    entries = {}
    for la in authorities:
        history = by_la.get(la.old_la_code, [])
        if not judged_history(history):
            predecessors = sorted(
                p.old_la_code for p in la.predecessors.all()
            )  # as la_inspections reads them
            history = history + [i for code in predecessors for i in by_la.get(code, [])]
        placement = place(history, benchmarks=sources.benchmark_facts(la_code=la.old_la_code), as_of=today)
        yield f"placement:{la.old_la_code}@{today.isoformat()}", placement
        judged = [i for i in history if i.overall is not None and i.date is not None]
        entries[la.old_la_code] = {
            "stage": {"id": placement.stage_id, "name": placement.stage_name},
            "latest_inspection": max(judged, key=lambda i: i.date, default=None),
        }
    yield f"register@{today.isoformat()}", entries
