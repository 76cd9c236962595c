"""How long LAs take to move between judgements: Kaplan-Meier curves from inspection histories.

Events that count. A judgement is a graded inspection under the single inspection framework
(SIF, 2013-17: first inspections and re-inspections) or ILACS (2018 onward: standard and short
inspections, including those from April 2026 that carry sub-judgements but no overall grade; for
those the grade their sub-judgements imply is used, see ``placement.equivalent_grade``). Focused
visits and monitoring visits are not graded and never count. SLAC (2009-12) and child protection
inspections (2012-13) are left out: they judged different things (separate safeguarding and
looked-after reviews, child protection only) on a scale where "adequate" stood where "requires
improvement" now stands, so a move from a SLAC grade to a SIF grade is a change of yardstick,
not of service.

Curves:

* ``inadequate_to_ri_or_better``: from an Inadequate judgement to the first later judgement of
  Requires improvement or better.
* ``ri_to_good_or_better``: from a Requires improvement judgement to the first later judgement of
  Good or better (the clock keeps running if the LA falls to Inadequate in between).
* ``good_to_worse``: from a Good or Outstanding judgement to the first later judgement below Good,
  i.e. slipping back out of the good-to-great stage (Outstanding to Good is not counted: it stays
  in that stage).

A spell starts at a judgement in the starting state when no spell of that curve is open for the
LA, so consecutive judgements in the same state make one spell, timed from the first. An LA can
have several spells of one curve. Time runs between judgement dates (publication, else start).
A spell still open at the data cut-off is censored at the cut-off; one of an LA that ceased to
exist is censored at its end date (its successors start their own histories).

Inspections come roughly every three years, so a time is an upper bound on when the LA actually
improved or slipped (the change happened at some point between two inspections): the curves are
interval-censored data treated as exact, and they describe when inspections *recognised* a change.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from journeys.evidence.records import Grade, Inspection
from journeys.improvement.placement import equivalent_grade, judged_history

DAYS_PER_MONTH = 365.25 / 12


@dataclass(frozen=True)
class CurveDefinition:
    id: str
    title: str
    starts: frozenset[Grade]  # grades that open a spell
    ends: frozenset[Grade]  # grades that close it (the event)


CURVES: tuple[CurveDefinition, ...] = (
    CurveDefinition(
        "inadequate_to_ri_or_better",
        "From inadequate to requires improvement or better",
        frozenset({Grade.INADEQUATE}),
        frozenset({Grade.REQUIRES_IMPROVEMENT, Grade.GOOD, Grade.OUTSTANDING}),
    ),
    CurveDefinition(
        "ri_to_good_or_better",
        "From requires improvement to good or better",
        frozenset({Grade.REQUIRES_IMPROVEMENT}),
        frozenset({Grade.GOOD, Grade.OUTSTANDING}),
    ),
    CurveDefinition(
        "good_to_worse",
        "From good or outstanding to a worse judgement (slipping back)",
        frozenset({Grade.GOOD, Grade.OUTSTANDING}),
        frozenset({Grade.INADEQUATE, Grade.REQUIRES_IMPROVEMENT}),
    ),
)
CURVES_BY_ID = {c.id: c for c in CURVES}

INDICATIVE = {
    "core_systems_months": (6, 12),
    "whole_service_months": 24,
    "text": (
        "Indicative timescales from the research: about 6 to 12 months to strengthen core systems; "
        "about 2 years to improve a service as a whole; longer where failings are deep or not recognised."
    ),
    "source": (
        "Isos Partnership for the LGA, 'Action research into improvement in local children's services' "
        "(2016), as presented to the LGA board in June 2016 and discussed at the LGA regional workshops "
        "of October-November 2016."
    ),
}

CAVEAT = (
    "Ofsted inspects each LA roughly every three years, so these times are upper bounds: the change "
    "happened at some point between two inspections, and the curves show when an inspection "
    "recognised it."
)

METHOD = f"""\
Journeys estimates how long LAs take to move between judgements with the Kaplan-Meier method, \
using every LA's inspection history, former LAs included.

What counts as a judgement: graded inspections under the single inspection framework (2013-2017, \
first inspections and re-inspections) and every ILACS inspection from 2018 (standard and short). \
Inspections from April 2026 have no overall grade; for them Journeys uses the grade their \
sub-judgements imply (any inadequate sub-judgement means inadequate; otherwise the average of the \
leadership judgement, the lowest and the middle sub-judgement). Focused visits and monitoring \
visits are not graded and are not counted. Inspections before 2013 (safeguarding and looked-after \
children, child protection) are left out because they judged different things on a different scale.

Three curves: from inadequate to the first later judgement of requires improvement or better; from \
requires improvement to the first later judgement of good or better; and from good or outstanding \
to the first later judgement below good (slipping back). Consecutive judgements in the same state \
make one spell, timed from the first; an LA may have several spells. A spell that has not ended by \
the data cut-off counts as "not yet" (censored) at the cut-off, and one of an LA that no longer \
exists is censored when it ended.

{CAVEAT}

The expected window for an LA's next step uses the same curve, conditional on the time the LA has \
already spent in its current state: among LAs that had spent at least as long, when did a quarter, \
half and three quarters of them make the step.
"""


@dataclass(frozen=True)
class Spell:
    la_code: str
    curve_id: str
    start: date
    end: date  # the event date, or the censoring date
    event: bool

    @property
    def months(self) -> float:
        return (self.end - self.start).days / DAYS_PER_MONTH


@dataclass(frozen=True)
class Curve:
    id: str
    title: str
    n: int  # spells
    events: int
    median_months: float | None
    q25_months: float | None
    q75_months: float | None
    times: tuple[float, ...]  # Kaplan-Meier step times, months
    survival: tuple[float, ...]  # proportion still in the starting state just after each time

    @property
    def table(self) -> list[dict[str, float]]:
        """The KM table for a chart, starting at (0, 1)."""
        return [{"months": 0.0, "survival": 1.0}] + [
            {"months": round(t, 2), "survival": round(s, 4)}
            for t, s in zip(self.times, self.survival, strict=True)
        ]

    def summary(self) -> dict[str, float | int | None]:
        return {
            "n": self.n,
            "events": self.events,
            "median_months": self.median_months,
            "q25_months": self.q25_months,
            "q75_months": self.q75_months,
        }

    def survival_at(self, months: float) -> float:
        """KM survival just after ``months`` (a right-continuous step function)."""
        index = np.searchsorted(self.times, months, side="right")
        return 1.0 if index == 0 else self.survival[index - 1]

    def conditional_quantile(self, p: float, already: float) -> float | None:
        """Months (from the spell start) by which a share ``p`` of the LAs still in the state after
        ``already`` months had made the step: the first time S(t) < S(already) * (1 - p).

        The same strict-inequality convention as ``SurvfuncRight.quantile``; None when the curve
        never falls that far (not reached in the data).
        """
        still_in = self.survival_at(already)
        if still_in <= 0:
            return None
        for t, s in zip(self.times, self.survival, strict=True):
            if t > already and s < still_in * (1 - p):
                return t
        return None


def spells(
    inspections: Iterable[Inspection],
    cutoff: date,
    end_dates: Mapping[str, date] | None = None,
) -> list[Spell]:
    """Every spell of every curve, from all LAs' inspections (any order, mixed LAs)."""
    end_dates = end_dates or {}
    by_la: dict[str, list[Inspection]] = {}
    for inspection in judged_history(inspections):
        if inspection.date <= cutoff:
            by_la.setdefault(inspection.la_code, []).append(inspection)
    found: list[Spell] = []
    for la_code, history in by_la.items():
        censor_at = min(cutoff, end_dates.get(la_code, cutoff))
        for definition in CURVES:
            found.extend(_spells_of(la_code, history, definition, censor_at))
    return found


def _spell_bounds(history: list[Inspection], definition: CurveDefinition) -> list[tuple[date, date | None]]:
    """(start, event date) of each spell in one LA's dated history; None while still open."""
    bounds: list[tuple[date, date | None]] = []
    open_since: date | None = None
    for inspection in history:
        grade = equivalent_grade(inspection)
        if open_since is not None and grade in definition.ends:
            bounds.append((open_since, inspection.date))
            open_since = None
        elif open_since is None and grade in definition.starts:
            open_since = inspection.date
    if open_since is not None:
        bounds.append((open_since, None))
    return bounds


def _spells_of(
    la_code: str, history: list[Inspection], definition: CurveDefinition, censor_at: date
) -> list[Spell]:
    return [
        Spell(la_code, definition.id, start, end or censor_at, end is not None)
        for start, end in _spell_bounds(history, definition)
        if end is not None or start < censor_at
    ]


def _none_if_nan(value: float) -> float | None:
    return None if math.isnan(value) else round(float(value), 1)


def fit_curve(definition: CurveDefinition, curve_spells: list[Spell]) -> Curve:
    """Kaplan-Meier estimate (statsmodels ``SurvfuncRight``) for one curve's spells."""
    # Imported here, not at the top: statsmodels takes about a second to load, and every page and
    # command imports this module through the URLconf.
    from statsmodels.duration.survfunc import SurvfuncRight

    if not curve_spells:
        return Curve(definition.id, definition.title, 0, 0, None, None, None, (), ())
    durations = np.array([s.months for s in curve_spells])
    status = np.array([1 if s.event else 0 for s in curve_spells])
    with warnings.catch_warnings():
        # The variance estimate divides by zero when the risk set empties at the tail.
        warnings.simplefilter("ignore", RuntimeWarning)
        fitted = SurvfuncRight(durations, status)
    return Curve(
        id=definition.id,
        title=definition.title,
        n=len(curve_spells),
        events=int(status.sum()),
        median_months=_none_if_nan(fitted.quantile(0.5)),
        q25_months=_none_if_nan(fitted.quantile(0.25)),
        q75_months=_none_if_nan(fitted.quantile(0.75)),
        times=tuple(float(t) for t in fitted.surv_times),
        survival=tuple(float(s) for s in fitted.surv_prob),
    )


def fit_curves(
    inspections: Iterable[Inspection],
    cutoff: date,
    end_dates: Mapping[str, date] | None = None,
) -> dict[str, Curve]:
    """All three curves. ``end_dates``: LA code -> the date a former LA ceased to exist."""
    all_spells = spells(inspections, cutoff, end_dates)
    return {d.id: fit_curve(d, [s for s in all_spells if s.curve_id == d.id]) for d in CURVES}


def timescales_summary(
    inspections: Iterable[Inspection],
    cutoff: date,
    end_dates: Mapping[str, date] | None = None,
) -> dict[str, object]:
    """CLI-shaped: each curve's n, events and quartiles in months, plus the indicative timescales."""
    curves = fit_curves(inspections, cutoff, end_dates)
    summary: dict[str, object] = {curve_id: curve.summary() for curve_id, curve in curves.items()}
    summary["indicative"] = dict(INDICATIVE)
    summary["caveat"] = CAVEAT
    return summary


@dataclass(frozen=True)
class NextStepWindow:
    curve_id: str
    spell_start: date
    months_so_far: float
    earliest: date | None  # 25th percentile
    median: date | None
    latest: date | None  # 75th percentile


def _add_months(start: date, months: float) -> date:
    return start + timedelta(days=round(months * DAYS_PER_MONTH))


def next_step_window(
    la_inspections: Iterable[Inspection], curves: Mapping[str, Curve], as_of: date
) -> NextStepWindow | None:
    """The expected window for the LA's next step, given how long it has already been in its state.

    Conditional on survival so far: among spells that lasted at least as long as this one has, the
    25th, 50th and 75th percentiles of the time to the step (Kaplan-Meier, ``conditional_quantile``).
    For a Good or Outstanding LA the "step" is slipping back, so the window is one of risk.
    None when the LA has no judgement by ``as_of``; a quantile the curve never reaches is None.
    ``presenters`` words the window.
    """
    history = [i for i in judged_history(la_inspections) if i.date <= as_of]
    if not history:
        return None
    current = equivalent_grade(history[-1])
    definition = next(d for d in CURVES if current in d.starts)
    # The latest judgement is in the curve's starting state, so the LA's last spell is open.
    start, _ = _spell_bounds(history, definition)[-1]
    so_far = (as_of - start).days / DAYS_PER_MONTH
    curve = curves[definition.id]
    quartiles = [curve.conditional_quantile(p, so_far) for p in (0.25, 0.5, 0.75)]
    earliest, median, latest = (None if q is None else _add_months(start, q) for q in quartiles)
    return NextStepWindow(definition.id, start, round(so_far, 1), earliest, median, latest)
