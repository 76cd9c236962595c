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
from dataclasses import replace
from datetime import date
from typing import Any

from journeys.accounts import permissions
from journeys.authorities.models import LocalAuthority
from journeys.authorities.register import load_register
from journeys.evidence.records import Grade

from . import sources
from .backtest import backtest
from .early_warning import CAVEAT as WARNING_CAVEAT
from .early_warning import EarlyWarning, past_cases, warnings_at
from .journey import (
    EarlyWarningView,
    ImprovementWindow,
    Journey,
    LatestInspection,
    PeerLA,
    SameStage,
    SameStageCell,
    SlippingBackRisk,
    StageRef,
    WarningSignal,
    WarningStatement,
    latest_inspection_of,
    placed_from,
    stage_position,
    stage_timeline,
)
from .models import SelfEvaluation
from .placement import Placement, equivalent_grade, judged_history, place
from .sector import DEFAULT_CONVENTION, sector_at, sector_series
from .selectors import (
    enabler_stage_profile,
    self_evaluation_latest_submitted,
    self_evaluation_ratings,
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


def la_inspections(la: LocalAuthority) -> list:
    """The LA's own inspections; a successor with none of its own judged yet reads its
    predecessors' history (placement and windows then describe the area as inspected)."""
    own = [i for i in _inspections() if i.la_code == la.old_la_code]
    if judged_history(own):
        return own
    predecessors = set(la.predecessors.values_list("old_la_code", flat=True))
    return own + [i for i in _inspections() if i.la_code in predecessors]


def latest_inspection(la: LocalAuthority, as_of: date) -> LatestInspection | None:
    """The LA's latest judged inspection by ``as_of`` (its predecessors' when it has none)."""
    judged = [i for i in judged_history(la_inspections(la)) if i.date <= as_of]
    return latest_inspection_of(judged[-1]) if judged else None


def _area(la: LocalAuthority) -> dict[str, str]:
    """Code -> name of the LA and every LA it was formed from, however many steps back."""
    names, queue = {}, [la]
    while queue:
        current = queue.pop()
        if current.old_la_code not in names:
            names[current.old_la_code] = current.name
            queue.extend(current.predecessors.all())
    return names


def area_history(la: LocalAuthority) -> tuple[dict[str, str], list]:
    """The names of the area's LAs and every inspection of them: the timeline's history."""
    names = _area(la)
    return names, [i for i in _inspections() if i.la_code in names]


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


def _warning_view(warning: EarlyWarning) -> EarlyWarningView:
    return EarlyWarningView(
        headline=warning.headline,
        cannot_come_out_worse=warning.cannot_come_out_worse,
        statements=tuple(
            WarningStatement(s.target, s.title, s.cannot_happen, s.happened, s.of, s.figure, s.text)
            for s in warning.statements
        ),
        context=tuple(warning.context),
        caveat=WARNING_CAVEAT,
        signals=tuple(
            WarningSignal(s.id, s.title, s.result.fired, s.result.available, s.result.reason)
            for s in warning.signals
        ),
    )


def _next_step(la: LocalAuthority, warning: EarlyWarning, as_of: date):
    """The improvement window below Good, or the risk of slipping back at Good or better."""
    history = [i for i in judged_history(la_inspections(la)) if i.date <= as_of]
    if not history:
        return None, None
    grade = equivalent_grade(history[-1])
    window = next_step_window(history, timescale_curves(), as_of)
    if grade >= Grade.GOOD:
        first = warning.statements[0] if warning.statements else None
        return None, SlippingBackRisk(
            from_grade=grade.label,
            happened=first.happened if first else 0,
            of=first.of if first else 0,
            statement=first.text if first else warning.headline,
            since=window.spell_start if window else None,
            quarter_by=window.earliest if window else None,
            half_by=window.median if window else None,
        )
    if window is None:
        return None, None
    to_grade = Grade.REQUIRES_IMPROVEMENT if grade == Grade.INADEQUATE else Grade.GOOD
    return ImprovementWindow(
        curve=window.curve_id,
        from_grade=grade.label,
        to_grade=to_grade.label,
        since=window.spell_start,
        months_so_far=window.months_so_far,
        quarter_by=window.earliest,
        half_by=window.median,
        three_quarters_by=window.latest,
    ), None


def la_journey(
    la: LocalAuthority, *, user=None, operator: bool = False, as_of: date | None = None
) -> Journey:
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
    inspections = la_inspections(la)
    benchmarks = sources.benchmark_facts(la_code=la.old_la_code)
    placement = la_placement(la, evaluation=evaluation, as_of=as_of)
    warning = early_warnings(as_of=as_of, la_codes=[la.old_la_code])[la.old_la_code]
    judged = [i for i in judged_history(inspections) if i.date <= as_of]
    latest = judged[-1] if judged else None
    window, risk = _next_step(la, warning, as_of)
    names, history = area_history(la)
    return Journey(
        la=la.old_la_code,
        la_name=la.name,
        as_of=as_of,
        stage=StageRef(placement.stage_id, placement.stage_name),
        placed_from=placed_from(inspections, benchmarks, as_of),
        confidence=placement.confidence,
        confidence_score=placement.confidence_score,
        reasons=tuple(placement.reasons),
        self_view_gap=placement.self_view_gap,
        evidence_used=tuple(placement.evidence_used),
        self_evaluation_used=evaluation is not None,
        latest_inspection=latest_inspection_of(latest) if latest else None,
        position=stage_position(placement.stage_id, latest, benchmarks, self_evaluation_ratings(evaluation)),
        improvement_window=window,
        slipping_back=risk,
        early_warning=_warning_view(warning),
        enabler_profile=(
            replace(
                enabler_stage_profile(evaluation),
                same_stage=same_stage(placement.stage_id, as_of=as_of, exclude_la=la),
            )
            if evaluation
            else None
        ),
        timeline=stage_timeline(history, names, as_of=as_of),
    )


# --- Other LAs at the same stage ---------------------------------------------------------------


def same_stage(stage_id: str, *, as_of: date, exclude_la=None) -> SameStage:
    """The enabler profiles of the other LAs placed at ``stage_id`` whose latest self-evaluation
    is submitted: per stage and enabler, the median share of statements met (suppressed when
    fewer than permissions.AGGREGATE_MINIMUM LAs), and the names only of LAs that shared theirs
    with the sector. The one read of every LA's self-evaluation, whoever asks (see permissions.py)."""
    latest: dict[int, SelfEvaluation] = {}
    for record in (
        permissions.submitted_self_evaluations_for_aggregates(SelfEvaluation)
        .select_related("la")
        .order_by("submitted_at", "pk")
    ):
        latest[record.la_id] = record
    peers = [
        record
        for record in latest.values()
        if (exclude_la is None or record.la_id != exclude_la.pk)
        and la_placement(record.la, evaluation=record, as_of=as_of).stage_id == stage_id
    ]
    shares: dict[tuple[str, str], list[float]] = {}
    for record in peers:
        for row in enabler_stage_profile(record).rows:
            for cell in row.cells:
                if cell.rated:
                    shares.setdefault((row.enabler, cell.stage), []).append(cell.met / cell.total)
    publishable = permissions.aggregate_publishable(len(peers))
    return SameStage(
        stage=stage_id,
        n=len(peers),
        suppressed=not publishable,
        cells=tuple(
            SameStageCell(enabler, stage, round(statistics.median(values), 2), len(values))
            for (enabler, stage), values in shares.items()
            if permissions.aggregate_publishable(len(values))
        )
        if publishable
        else (),
        shared=tuple(
            PeerLA(r.la.old_la_code, r.la.name) for r in peers if permissions.can_quote_to_everyone(r)
        ),
    )


# --- Sector ------------------------------------------------------------------------------------


def sector_report(*, as_of: date, convention: str = DEFAULT_CONVENTION) -> dict[str, Any]:
    report = sector_at(_inspections(), load_register().authorities, as_of, convention=convention)
    report["as_of"] = as_of.isoformat()
    return report


def sector_over_time(
    *, first_year: int = 2014, last_year: int | None = None, convention: str = DEFAULT_CONVENTION
) -> list[dict[str, Any]]:
    last_year = last_year or data_cutoff().year
    return _cached(
        f"sector-series:{first_year}:{last_year}:{convention}",
        lambda: sector_series(
            _inspections(), load_register().authorities, first_year, last_year, convention=convention
        ),
    )
