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
from dataclasses import replace
from datetime import date
from functools import cached_property
from typing import Any

from journeys.accounts import permissions
from journeys.authorities.models import LocalAuthority
from journeys.authorities.register import load_register
from journeys.evidence.derivations import derived, derived_many
from journeys.evidence.records import Grade

from . import sources
from .backtest import backtest
from .early_warning import CAVEAT as WARNING_CAVEAT
from .early_warning import INDICATORS as WARNING_INDICATORS
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
from .sector import CONVENTIONS, DEFAULT_CONVENTION, sector_at, sector_series
from .selectors import (
    enabler_stage_profile,
    self_evaluation_latest_submitted,
    self_evaluation_ratings,
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


def la_inspections(la: LocalAuthority) -> list:
    """The LA's own inspections; a successor with none of its own judged yet reads its
    predecessors' history (placement and windows then describe the area as inspected)."""
    own = sources.inspection_records(la_codes=[la.old_la_code])
    if judged_history(own):
        return own
    predecessors = list(la.predecessors.values_list("old_la_code", flat=True))
    return own + sources.inspection_records(la_codes=predecessors)


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
    return names, sources.inspection_records(la_codes=list(names))


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
    past cases, the backtest, the sector over time, every LA's placement on published evidence
    and warning, and every current LA's register entry. Stored by ``journeys.evidence.derivations``."""
    evidence = _Evidence()
    yield "cutoff", evidence.cutoff
    yield "curves", evidence.curves
    yield "past-cases", evidence.past_cases
    yield "backtest", evidence.backtest
    for convention in CONVENTIONS:
        key = f"sector-series:{SECTOR_FIRST_YEAR}:{evidence.cutoff.year}:{convention}"
        yield key, _sector_series(evidence.inspections, SECTOR_FIRST_YEAR, evidence.cutoff.year, convention)
    # Former LAs too: their journey pages show where they stood when they ended.
    authorities = list(LocalAuthority.objects.prefetch_related("predecessors"))
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
        if la.status != "current":
            continue
        judged = [i for i in history if i.overall is not None and i.date is not None]
        entries[la.old_la_code] = {
            "stage": {"id": placement.stage_id, "name": placement.stage_name},
            "latest_inspection": max(judged, key=lambda i: i.date, default=None),
        }
    yield f"register@{today.isoformat()}", entries
