"""A transparent early warning of slipping back, computed only from what was known at a date.

Every signal is a small declarative object with an id, a title, why it matters and an evaluation
that says whether it fired, how strongly (0-1) and why, in plain words. The score is the weighted
mean of signal strengths, 0-100, with a band. Nothing is learned from outcomes: the weights below
were set from the research and sector experience before the backtest was run, and the backtest
reports how well they rank inspections. A fitted alternative is reported too, but only as judged
on later inspections than it was fitted on.

No look-ahead. :func:`warning_at` first cuts the evidence at ``as_of``: an observation counts
only if its ``published`` date is on or before ``as_of`` (an observation without a publication
date is never counted, since it cannot be shown to have been known); an inspection counts only if
it was published before ``as_of`` (an inspection without a publication date counts from
:data:`ASSUMED_REPORT_LAG` after its start). Neighbour comparisons are computed from the same
cut evidence. Every signal sees only that cut.

Leadership changes (e.g. of director of children's services) are an optional input: no public
data set records them, so the signal is left out of the score unless a list is given.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal

import numpy as np

from journeys.evidence.records import Grade, Inspection, Observation
from journeys.improvement.placement import equivalent_grade, is_judged

# An ILACS report follows its inspection by weeks; allow generously when only the start is known.
ASSUMED_REPORT_LAG = timedelta(days=120)
DAYS_PER_MONTH = 365.25 / 12
MIN_NEIGHBOURS = 3  # fewer neighbour figures than this and England's figure is the comparison

Band = Literal["low", "medium", "high"]
BANDS: tuple[tuple[float, Band], ...] = ((40.0, "high"), (20.0, "medium"), (0.0, "low"))


# --- What a signal sees -----------------------------------------------------------------------


@dataclass(frozen=True)
class Evidence:
    """An LA's evidence as it stood on ``as_of`` (already cut: see the module docstring)."""

    la_code: str
    as_of: date
    judgements: list[Inspection]  # judged inspections known by as_of, oldest first
    series: Mapping[str, Mapping[int, float]]  # indicator -> {year: value}, the LA's own
    references: Mapping[str, Mapping[int, float]]  # indicator -> {year: neighbour mean or England}
    leadership_changes: list[date] | None  # None: not recorded

    def latest(self, indicator: str) -> tuple[int, float] | None:
        years = self.series.get(indicator, {})
        if not years:
            return None
        year = max(years)
        return year, years[year]

    def months_since(self, when: date) -> float:
        return (self.as_of - when).days / DAYS_PER_MONTH


@dataclass(frozen=True)
class SignalResult:
    fired: bool
    strength: float  # 0-1; 0 when not fired
    reason: str
    available: bool = True  # False when the evidence needed is missing


def _clamp(x: float) -> float:
    return max(0.0, min(1.0, x))


# --- Signals ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class LevelSignal:
    """Fires when the latest figure is well above neighbours (relative excess ``fires_at``);
    full strength at ``full_at``. All indicators used here are higher-is-worse."""

    id: str
    title: str
    why: str
    indicator: str
    label: str  # plain-English name in sentences
    unit: str
    fires_at: float = 0.2
    full_at: float = 0.6
    weight: float = 1.0

    def evaluate(self, evidence: Evidence) -> SignalResult:
        latest = evidence.latest(self.indicator)
        if latest is None:
            return SignalResult(False, 0.0, f"No published {self.label} figure yet.", False)
        year, value = latest
        reference = evidence.references.get(self.indicator, {}).get(year)
        if not reference:
            return SignalResult(False, 0.0, f"No comparison for the {self.label} in {year}.", False)
        excess = value / reference - 1
        fired = excess >= self.fires_at
        said = (
            f"The {self.label} ({year}) was {value:.1f}{self.unit} against {reference:.1f}{self.unit} "
            f"for comparable LAs"
        )
        if fired:
            return SignalResult(True, _clamp(excess / self.full_at), f"{said}: {excess:.0%} higher.")
        return SignalResult(False, 0.0, f"{said}: not markedly higher.")


@dataclass(frozen=True)
class RisingSignal:
    """Fires when the latest figure is at least ``fires_at`` above the mean of up to two earlier
    years (a higher-is-worse indicator getting worse); full strength at ``full_at``."""

    id: str
    title: str
    why: str
    indicator: str
    label: str
    unit: str
    fires_at: float
    full_at: float
    weight: float = 1.0

    def evaluate(self, evidence: Evidence) -> SignalResult:
        years = evidence.series.get(self.indicator, {})
        if not years:
            return SignalResult(False, 0.0, f"No published {self.label} figures yet.", False)
        latest = max(years)
        earlier = [years[y] for y in (latest - 1, latest - 2) if y in years]
        if not earlier:
            return SignalResult(False, 0.0, f"Only one year of {self.label} figures: no trend yet.", False)
        baseline = statistics.fmean(earlier)
        rise = years[latest] - baseline
        said = (
            f"The {self.label} was {years[latest]:.1f}{self.unit} in {latest}, "
            f"against {baseline:.1f}{self.unit} before"
        )
        if rise >= self.fires_at:
            return SignalResult(True, _clamp(rise / self.full_at), f"{said}: rising.")
        return SignalResult(False, 0.0, f"{said}: not rising markedly.")


@dataclass(frozen=True)
class JudgementSignal:
    """A signal read from the inspection history (and, for leadership, the change dates)."""

    id: str
    title: str
    why: str
    rule: Callable[[Evidence], SignalResult]
    weight: float = 1.0

    def evaluate(self, evidence: Evidence) -> SignalResult:
        return self.rule(evidence)


def _further_to_fall(evidence: Evidence) -> SignalResult:
    if not evidence.judgements:
        return SignalResult(False, 0.0, "No judgement yet.", False)
    grade = equivalent_grade(evidence.judgements[-1])
    below = int(grade) - int(Grade.INADEQUATE)  # how many grades there are to fall
    if below == 0:
        return SignalResult(False, 0.0, "The last judgement was inadequate: there is no worse grade.")
    return SignalResult(True, _clamp(below / 2), f"The last judgement was '{grade.label.lower()}'.")


def _time_since_inspection(evidence: Evidence) -> SignalResult:
    if not evidence.judgements:
        return SignalResult(False, 0.0, "No judgement yet.", False)
    months = evidence.months_since(evidence.judgements[-1].date)
    said = f"The last judgement was published {months:.0f} months ago"
    if months >= 36:
        return SignalResult(True, _clamp((months - 30) / 24), f"{said}: a long time without an outside view.")
    return SignalResult(False, 0.0, f"{said}.")


def _sigh_of_relief(evidence: Evidence) -> SignalResult:
    judged = evidence.judgements
    if len(judged) < 2:
        return SignalResult(False, 0.0, "Too few judgements to see an improvement.", len(judged) == 1)
    last, before = equivalent_grade(judged[-1]), equivalent_grade(judged[-2])
    if not (last >= Grade.GOOD and before < last):
        return SignalResult(False, 0.0, "The last judgement was not a step up to good or better.")
    months = evidence.months_since(judged[-1].date)
    said = f"Judged '{last.label.lower()}' {months:.0f} months ago, up from '{before.label.lower()}'"
    if 12 <= months <= 24:
        return SignalResult(True, 1.0, f"{said}: the time when a collective sigh of relief sets in.")
    if 6 <= months <= 36:
        return SignalResult(True, 0.5, f"{said}: close to the time when a sigh of relief sets in.")
    return SignalResult(False, 0.0, f"{said}.")


def _leadership_change(evidence: Evidence) -> SignalResult:
    if evidence.leadership_changes is None:
        return SignalResult(False, 0.0, "Leadership changes are not recorded.", False)
    recent = [d for d in evidence.leadership_changes if evidence.months_since(d) <= 24]
    if not recent:
        return SignalResult(False, 0.0, "No change of leadership recorded in the last two years.")
    return SignalResult(
        True, _clamp(0.5 * len(recent)), f"{len(recent)} change(s) of leadership in the last two years."
    )


Signal = LevelSignal | RisingSignal | JudgementSignal

_WORKFORCE_WHY = "An unstable workforce breaks relationships with children and erodes practice quality."
SIGNALS: tuple[Signal, ...] = (
    LevelSignal(
        "agency_high", "Agency reliance high", _WORKFORCE_WHY, "agency_rate", "agency worker rate", "%"
    ),
    RisingSignal(
        "agency_rising",
        "Agency reliance rising",
        _WORKFORCE_WHY,
        "agency_rate",
        "agency worker rate",
        "%",
        2.0,
        8.0,
    ),
    LevelSignal(
        "turnover_high",
        "Turnover high",
        _WORKFORCE_WHY,
        "turnover_rate",
        "social worker turnover",
        "%",
        weight=0.75,
    ),
    RisingSignal(
        "turnover_rising",
        "Turnover rising",
        _WORKFORCE_WHY,
        "turnover_rate",
        "social worker turnover",
        "%",
        2.0,
        8.0,
        0.5,
    ),
    LevelSignal(
        "vacancy_high", "Vacancies high", _WORKFORCE_WHY, "vacancy_rate", "vacancy rate", "%", weight=0.75
    ),
    RisingSignal(
        "vacancy_rising",
        "Vacancies rising",
        _WORKFORCE_WHY,
        "vacancy_rate",
        "vacancy rate",
        "%",
        2.0,
        8.0,
        0.5,
    ),
    LevelSignal(
        "caseload_high",
        "Caseloads high",
        "High caseloads leave social workers too little time for each child.",
        "caseload",
        "average caseload",
        " cases",
        0.15,
        0.45,
        0.75,
    ),
    RisingSignal(
        "caseload_rising",
        "Caseloads rising",
        "Rising caseloads are an early sign of pressure on the front line.",
        "caseload",
        "average caseload",
        " cases",
        1.5,
        5.0,
        0.5,
    ),
    RisingSignal(
        "rereferral_rising",
        "Re-referrals rising",
        "More children coming back within a year suggests help did not stick the first time.",
        "rereferral_rate",
        "re-referral rate",
        "%",
        2.0,
        8.0,
        0.5,
    ),
    RisingSignal(
        "repeat_cp_rising",
        "Repeat child protection plans rising",
        "More second plans suggests plans end before risks have really reduced.",
        "repeat_cp_plan_rate",
        "share of second or later child protection plans",
        "%",
        2.0,
        8.0,
        0.5,
    ),
    JudgementSignal(
        "further_to_fall",
        "Further to fall",
        "Slipping back starts from a good place: the better the last judgement, the more there is to lose.",
        _further_to_fall,
        1.5,
    ),
    JudgementSignal(
        "time_since_inspection",
        "Long since the last inspection",
        "Without an outside view for years, drift can go unnoticed.",
        _time_since_inspection,
        0.5,
    ),
    JudgementSignal(
        "sigh_of_relief",
        "Collective sigh of relief",
        "The research warns that a good judgement after a hard climb can be followed by a collective "
        "sigh of relief.",
        _sigh_of_relief,
        1.0,
    ),
    JudgementSignal(
        "leadership_change",
        "Change of leadership",
        "Leadership drives improvement; a change at the top often stalls it.",
        _leadership_change,
        1.0,
    ),
)
SIGNALS_BY_ID = {s.id: s for s in SIGNALS}
INDICATORS = sorted({s.indicator for s in SIGNALS if not isinstance(s, JudgementSignal)})


# --- The warning ------------------------------------------------------------------------------


@dataclass(frozen=True)
class EvaluatedSignal:
    id: str
    title: str
    why: str
    weight: float
    result: SignalResult


@dataclass(frozen=True)
class EarlyWarning:
    la_code: str
    as_of: date
    score: float  # 0-100
    band: Band
    reasons: list[str]  # of the fired signals, strongest first
    signals: list[EvaluatedSignal] = field(default_factory=list)  # every signal, fired or not


def known_from(inspection: Inspection) -> date | None:
    """When an inspection's judgement became public: its publication, else start + lag."""
    if inspection.published is not None:
        return inspection.published
    return inspection.start_date + ASSUMED_REPORT_LAG if inspection.start_date else None


def cut_evidence(
    la_code: str,
    as_of: date,
    inspections: Iterable[Inspection],
    observations: Iterable[Observation],
    neighbour_codes: Sequence[str] = (),
    leadership_changes: Iterable[date] | None = None,
) -> Evidence:
    """The LA's evidence as known on ``as_of``; everything later is dropped here, once."""
    judged = [
        i
        for i in inspections
        if i.la_code == la_code and is_judged(i) and (known := known_from(i)) is not None and known < as_of
    ]
    judged.sort(key=known_from)
    wanted = {la_code, *neighbour_codes, "England"}
    values: dict[str, dict[str, dict[int, float]]] = {}
    # A figure revised before as_of: the latest publication wins, whatever the input order.
    for o in sorted(observations, key=lambda o: o.published or date.min):
        if (
            o.area in wanted
            and o.indicator in INDICATORS
            and o.value is not None
            and o.published is not None
            and o.published <= as_of
        ):
            values.setdefault(o.area, {}).setdefault(o.indicator, {})[o.year] = o.value
    own = values.get(la_code, {})
    references: dict[str, dict[int, float]] = {}
    for indicator, years in own.items():
        for year in years:
            figures = [
                values[n][indicator][year]
                for n in neighbour_codes
                if year in values.get(n, {}).get(indicator, {})
            ]
            if len(figures) >= MIN_NEIGHBOURS:
                references.setdefault(indicator, {})[year] = statistics.fmean(figures)
            elif year in values.get("England", {}).get(indicator, {}):
                references.setdefault(indicator, {})[year] = values["England"][indicator][year]
    changes = None if leadership_changes is None else sorted(d for d in leadership_changes if d <= as_of)
    return Evidence(la_code, as_of, judged, own, references, changes)


def _band(score: float) -> Band:
    return next(band for floor, band in BANDS if score >= floor)


def assess(evidence: Evidence) -> EarlyWarning:
    """Evaluate every signal on already-cut evidence and combine them."""
    evaluated = [EvaluatedSignal(s.id, s.title, s.why, s.weight, s.evaluate(evidence)) for s in SIGNALS]
    # Leadership changes count only where they are recorded; no other missing figure is excused.
    counted = [f for f in evaluated if f.id != "leadership_change" or evidence.leadership_changes is not None]
    total = sum(f.weight for f in counted)
    score = round(100 * sum(f.weight * f.result.strength for f in counted) / total, 1)
    fired = sorted((f for f in counted if f.result.fired), key=lambda f: -f.weight * f.result.strength)
    return EarlyWarning(
        evidence.la_code, evidence.as_of, score, _band(score), [f.result.reason for f in fired], evaluated
    )


def warning_at(
    la_code: str,
    as_of: date,
    inspections: Iterable[Inspection],
    observations: Iterable[Observation],
    neighbour_codes: Sequence[str] = (),
    leadership_changes: Iterable[date] | None = None,
) -> EarlyWarning:
    """The early warning for an LA as it would have read on ``as_of``.

    ``inspections`` and ``observations`` may hold other LAs' records too: the LA's own and its
    neighbours' (``neighbour_codes``, e.g. its DfE statistical neighbours) are picked out.
    """
    return assess(
        cut_evidence(la_code, as_of, inspections, observations, neighbour_codes, leadership_changes)
    )


# --- Backtest ---------------------------------------------------------------------------------

BACKTEST_FRAMEWORKS = frozenset({"ilacs_2018", "ilacs_2023", "ilacs_2026"})
TOP_K = 20


@dataclass(frozen=True)
class Case:
    """One backtest inspection: the evidence the day before it started, and how it came out."""

    inspection: Inspection
    previous: Grade
    outcome: Grade
    evidence: Evidence
    warning: EarlyWarning

    @property
    def worse(self) -> bool:
        return self.outcome < self.previous


def _baseline_features(evidence: Evidence) -> dict[str, float | None]:
    """Naive single-indicator scores, higher meaning more worrying (raw figures, not signals)."""

    def level(indicator: str) -> float | None:
        latest = evidence.latest(indicator)
        return None if latest is None else latest[1]

    def change(indicator: str) -> float | None:
        years = evidence.series.get(indicator, {})
        if not years or max(years) - 1 not in years:
            return None
        return years[max(years)] - years[max(years) - 1]

    last = evidence.judgements[-1]
    return {
        "agency rate level": level("agency_rate"),
        "agency rate trend": change("agency_rate"),
        "turnover level": level("turnover_rate"),
        "vacancy level": level("vacancy_rate"),
        "caseload level": level("caseload"),
        "re-referral trend": change("rereferral_rate"),
        "repeat CP plan trend": change("repeat_cp_plan_rate"),
        "months since last inspection": evidence.months_since(last.date),
        "previous judgement good or better": float(equivalent_grade(last) >= Grade.GOOD),
    }


def backtest_cases(
    inspections: Sequence[Inspection],
    observations: Sequence[Observation],
    neighbours: Mapping[str, Sequence[str]] | None = None,
) -> list[Case]:
    """Every graded ILACS standard or short inspection with an earlier judgement of the same LA,
    scored as of the day before it started."""
    neighbours = neighbours or {}
    by_area: dict[str, list[Observation]] = {}
    for o in observations:
        by_area.setdefault(o.area, []).append(o)
    by_la: dict[str, list[Inspection]] = {}
    for i in inspections:
        by_la.setdefault(i.la_code, []).append(i)
    cases = []
    for target in inspections:
        if target.framework not in BACKTEST_FRAMEWORKS or not is_judged(target) or target.start_date is None:
            continue
        as_of = target.start_date - timedelta(days=1)
        codes = neighbours.get(target.la_code, ())
        relevant = [o for area in (target.la_code, *codes, "England") for o in by_area.get(area, ())]
        evidence = cut_evidence(target.la_code, as_of, by_la[target.la_code], relevant, codes)
        if not evidence.judgements:
            continue
        previous = equivalent_grade(evidence.judgements[-1])
        cases.append(Case(target, previous, equivalent_grade(target), evidence, assess(evidence)))
    return sorted(cases, key=lambda c: c.inspection.start_date)


def precision_at(k: int, labels: Sequence[bool], scores: Sequence[float]) -> float:
    """Share of positives among the k highest scores; ties at the cut share the remaining places
    at the tied group's positive rate (the expected value under random tie-breaking)."""
    order = np.argsort(-np.asarray(scores, dtype=float), kind="stable")
    scores_sorted = np.asarray(scores, dtype=float)[order]
    labels_sorted = np.asarray(labels, dtype=float)[order]
    k = min(k, len(scores_sorted))
    cut = scores_sorted[k - 1]
    above = scores_sorted > cut
    tied = scores_sorted == cut
    places = k - above.sum()
    return float((labels_sorted[above].sum() + places * labels_sorted[tied].mean()) / k)


BOOTSTRAP_RESAMPLES = 2000
BOOTSTRAP_SEED = 2016  # fixed, so the same evidence always reports the same interval


def auc_interval(
    labels: Sequence[bool], scores: Sequence[float], resamples: int = BOOTSTRAP_RESAMPLES
) -> tuple[float, float]:
    """A 95% bootstrap interval for the AUC (percentiles of the resampled AUCs).

    Positive and negative cases are resampled separately, so every resample holds both and the
    share of positives stays as observed. Each resample's AUC is the Mann-Whitney statistic from
    average ranks, which counts ties as half, as ``roc_auc_score`` does."""
    from scipy.stats import rankdata

    flags = np.asarray(labels, dtype=bool)
    values = np.asarray(scores, dtype=float)
    positives, negatives = values[flags], values[~flags]
    rng = np.random.default_rng(BOOTSTRAP_SEED)
    drawn = np.concatenate(
        [
            positives[rng.integers(0, len(positives), (resamples, len(positives)))],
            negatives[rng.integers(0, len(negatives), (resamples, len(negatives)))],
        ],
        axis=1,
    )
    ranks = rankdata(drawn, axis=1)
    n_pos, n_neg = len(positives), len(negatives)
    aucs = (ranks[:, :n_pos].sum(axis=1) - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)
    low, high = np.percentile(aucs, [2.5, 97.5])
    return round(float(low), 3), round(float(high), 3)


def _metrics(labels: Sequence[bool], scores: Sequence[float]) -> dict[str, object]:
    # AUC needs both outcomes among the cases; with fewer (e.g. no evidence loaded) there is no test.
    if not 0 < sum(labels) < len(labels):
        return {"auc": None, "auc_ci95": None, "precision_at_20": None}
    # scikit-learn is imported where used: it takes over a second to load, and every page and
    # command imports this module through the URLconf, while only the backtest needs it.
    from sklearn.metrics import roc_auc_score

    return {
        "auc": round(float(roc_auc_score(labels, scores)), 3),
        "auc_ci95": list(auc_interval(labels, scores)),
        "precision_at_20": round(precision_at(TOP_K, labels, scores), 3),
    }


def _impute(values: list[float | None]) -> list[float]:
    """Missing figures take the median, so they neither raise nor lower a case's rank much."""
    known = [v for v in values if v is not None]
    middle = statistics.median(known) if known else 0.0
    return [middle if v is None else v for v in values]


def _fitted_features(case: Case) -> list[float]:
    """Signal strengths and the raw baseline figures (NaN where missing) of one case."""
    raw = [np.nan if v is None else v for v in _baseline_features(case.evidence).values()]
    return [f.result.strength for f in case.warning.signals] + raw


def forward_chained_scores(cases: Sequence[Case], first_test_year: int) -> tuple[list[int], list[float]]:
    """Out-of-sample scores from a regularised logistic regression on the signal strengths and the
    raw baseline figures: each year's inspections are scored by a model fitted only on inspections
    that started in earlier years (missing figures take the training years' median).
    Returns the indices of the scored cases and their scores."""
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    features = np.array([_fitted_features(c) for c in cases], dtype=float)
    labels = np.array([c.worse for c in cases])
    years = np.array([c.inspection.start_date.year for c in cases])
    scored: list[int] = []
    scores: list[float] = []
    for year in sorted(set(years[years >= first_test_year].tolist())):
        train, test = years < year, np.flatnonzero(years == year)
        if labels[train].sum() < 5:
            continue
        model = make_pipeline(
            SimpleImputer(strategy="median", keep_empty_features=True),
            StandardScaler(),
            LogisticRegression(C=0.5, max_iter=1000),
        ).fit(features[train], labels[train])
        scored.extend(test.tolist())
        scores.extend(model.predict_proba(features[test])[:, 1].tolist())
    return scored, scores


def _fitted_summary(cases: Sequence[Case], first_test_year: int) -> dict[str, object] | None:
    """The fitted model's out-of-sample metrics next to the fixed weights' on the same cases."""
    scored, scores = forward_chained_scores(cases, first_test_year)
    labels = [cases[i].worse for i in scored]
    if not 0 < sum(labels) < len(labels):
        return None
    return {
        "n": len(labels),
        "positives": sum(labels),
        "test_years_from": first_test_year,
        **_metrics(labels, scores),
        "fixed_weights_on_same_cases": _metrics(labels, [cases[i].warning.score for i in scored]),
    }


def backtest(
    inspections: Sequence[Inspection],
    observations: Sequence[Observation],
    neighbours: Mapping[str, Sequence[str]] | None = None,
    first_test_year: int = 2021,
) -> dict[str, object]:
    """Score every eligible inspection as of the day before it started; see :data:`BACKTEST_METHOD`."""
    cases = backtest_cases(inspections, observations, neighbours)
    labels = [c.worse for c in cases]
    result: dict[str, object] = {"n": len(cases), "positives": sum(labels)}
    result.update(_metrics(labels, [c.warning.score for c in cases]))
    features = [_baseline_features(c.evidence) for c in cases]
    result["baselines"] = (
        {name: _metrics(labels, _impute([f[name] for f in features])) for name in features[0]}
        if cases
        else {}
    )
    result["fitted_out_of_sample"] = _fitted_summary(cases, first_test_year)
    result["method"] = BACKTEST_METHOD
    return result


BACKTEST_METHOD = """\
Every graded ILACS inspection (standard or short; from April 2026, one with sub-judgements only) \
of an LA that had an earlier graded inspection (single inspection framework or ILACS) is a case. \
The warning is computed as it would have read the day before the inspection started, from \
figures published by then and inspections published before then. A case is positive when the \
inspection came out worse than the previous judgement (the overall grade, or the grade the \
sub-judgements imply). The score's weights were set in advance, not fitted, so its AUC (area \
under the ROC curve: the chance that a random positive case scores above a random negative one; \
0.5 is chance) and its precision among the 20 highest scores are out-of-sample. Each AUC comes \
with a 95% bootstrap interval (2,000 resamples of the positive and negative cases, drawn \
separately): where two intervals overlap widely, the data cannot tell the two rankings apart. Baselines use \
one raw figure each (missing figures take the median). A regularised logistic regression on the signal \
strengths and the raw baseline figures is also reported, each year scored by a model fitted only \
on earlier years."""
