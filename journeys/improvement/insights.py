"""Reads that join the evidence to the journey calculations: placement, enabler profile,
timescales, early warning and the sector.

Everything expensive (loading every inspection and figure, Kaplan-Meier curves, the backtest,
early warnings) is computed once per data version (:func:`sources.data_version`) and held in the
process, so pages stay fast and a new import is picked up at once. What is private
(self-evaluations) is read only through the caller's scope; ``user=None`` is the operator's view
used by the command line.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from journeys.accounts import permissions
from journeys.authorities.models import LocalAuthority
from journeys.authorities.register import load_register
from journeys.evidence import presentation
from journeys.evidence.presentation import stage_name

from . import sources
from .backtest import backtest
from .early_warning import CAVEAT as WARNING_CAVEAT
from .early_warning import EarlyWarning, past_cases, warnings_at
from .models import SelfEvaluation
from .placement import Placement, judged_history, place
from .sector import sector_at, sector_series
from .selectors import (
    enabler_scores,
    framework_of,
    self_evaluation_latest_submitted,
    self_evaluation_summary,
)
from .timescales import CAVEAT, CURVES, INDICATIVE, METHOD, Curve, fit_curves, next_step_window

# name -> (data version, value): each result is computed once per data version, per process.
_MEMO: dict[str, tuple[str, Any]] = {}
_MEMO_LIMIT = 256  # early warnings are memoised per date; keep the memo from growing without bound


def _cached(name: str, compute: Callable[[], Any]) -> Any:
    version = sources.data_version()
    held = _MEMO.get(name)
    if held is not None and held[0] == version:
        return held[1]
    if len(_MEMO) >= _MEMO_LIMIT:
        _MEMO.clear()
    value = compute()
    _MEMO[name] = (version, value)
    return value


def _inspections() -> list:
    return _cached("inspections", sources.inspection_records)


def _observations() -> list:
    return _cached("observations", sources.observation_records)


def data_cutoff() -> date:
    """The date of the latest inspection on record: curves are censored there, not 'today'."""
    dates = [i.date for i in _inspections() if i.date is not None]
    return max(dates) if dates else date.today()


def _end_dates() -> dict[str, date]:
    return dict(LocalAuthority.objects.filter(ended_on__isnull=False).values_list("old_la_code", "ended_on"))


# --- Timescales --------------------------------------------------------------------------------


def timescale_curves() -> dict[str, Curve]:
    return _cached("curves", lambda: fit_curves(_inspections(), data_cutoff(), _end_dates()))


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
    return _cached(
        "backtest", lambda: backtest(_inspections(), _observations(), sources.backtest_neighbours())
    )


def _past_cases() -> list:
    """The warning's past cases (the slow part of a warning), built once per data version."""

    return _cached(
        "past-cases", lambda: past_cases(_inspections(), _observations(), sources.backtest_neighbours())
    )


def early_warnings(*, as_of: date, la_codes: list[str] | None = None) -> dict[str, EarlyWarning]:
    """LA code -> EarlyWarning on ``as_of`` (default every current LA); cached per day and data."""
    codes = la_codes or list(
        LocalAuthority.objects.filter(status="current").values_list("old_la_code", flat=True)
    )

    def compute():
        neighbours = _cached("neighbours", sources.neighbour_map)
        return warnings_at(codes, as_of, _inspections(), _observations(), neighbours, _past_cases())

    return _cached(f"warnings:{as_of.isoformat()}:{','.join(sorted(codes))}", compute)


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
    own = [i for i in _inspections() if i.la_code == la.old_la_code]
    if judged_history(own):
        return own
    predecessors = set(la.predecessors.values_list("old_la_code", flat=True))
    return own + [i for i in _inspections() if i.la_code in predecessors]


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
    return place(
        la_inspections(la),
        benchmarks=sources.benchmark_facts(la_code=la.old_la_code),
        self_evaluation=self_evaluation_summary(evaluation),
        as_of=as_of,
    )


def register_journeys(*, as_of: date) -> dict[str, dict[str, Any]]:
    """Every current LA's stage on published evidence and its latest judged inspection, for the
    register of LAs; computed once per day and data version."""

    def compute():
        entries = {}
        for la in LocalAuthority.objects.filter(status="current").prefetch_related("predecessors"):
            placement = la_placement(la, as_of=as_of)
            judged = [i for i in la_inspections(la) if i.overall is not None and i.date is not None]
            entries[la.old_la_code] = {
                "stage": {"id": placement.stage_id, "name": placement.stage_name},
                "latest_inspection": max(judged, key=lambda i: i.date, default=None),
            }
        return entries

    return _cached(f"register:{as_of.isoformat()}", compute)


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


def sector_report(*, as_of: date) -> dict[str, Any]:
    report = sector_at(_inspections(), load_register().authorities, as_of)
    report["as_of"] = as_of.isoformat()
    return report


def sector_over_time(*, first_year: int = 2014, last_year: int | None = None) -> list[dict[str, Any]]:
    last_year = last_year or data_cutoff().year
    return _cached(
        f"sector-series:{first_year}:{last_year}",
        lambda: sector_series(_inspections(), load_register().authorities, first_year, last_year),
    )
