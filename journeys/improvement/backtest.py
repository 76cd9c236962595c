"""How well the slipping-back warning would have done, judged only on inspections it had not seen.

Forward-chained: for each test year Y, the warning's lead figure and frequencies are fitted on the
past cases whose outcome was published before 1 January of Y, then every inspection that started
in Y is ranked with them; the ranked years are pooled. Nothing is tuned on a test year. The
caseload alone, every measure alone, every measure averaged and a fitted logistic regression are
scored on exactly the same rows, so each comparison is like for like. See :data:`METHOD`.

Plain Python: no Django. :mod:`journeys.improvement.insights` feeds it the evidence.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from journeys.evidence.records import Grade, Inspection, Observation

from .early_warning import (
    MEASURES,
    MEASURES_BY_ID,
    TARGETS,
    THIRDS,
    WORSE,
    Case,
    Outlook,
    Target,
    fit_outlook,
    fit_outlooks,
    outcome_of,
    past_cases,
)

TOP_K = 20
MIN_TRAINING_POSITIVES = 10  # fewer past cases where it happened and a year is not tested
BOOTSTRAP_RESAMPLES = 2000
BOOTSTRAP_SEED = 2016  # fixed, so the same evidence always reports the same interval
CASELOAD = MEASURES_BY_ID["caseload_level"]
GOAL_AUC = 0.70
GOAL_MARGIN = 0.02  # the warning may fall at most this far below the caseload alone


# --- Metrics ----------------------------------------------------------------------------------


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


def metrics(labels: Sequence[bool], scores: Sequence[float]) -> dict[str, object]:
    """AUC with its interval and precision among the top 20; all None without both outcomes."""
    if not 0 < sum(labels) < len(labels):
        return {"auc": None, "auc_ci95": None, "precision_at_20": None}
    from sklearn.metrics import roc_auc_score  # slow to load; only the backtest needs it

    return {
        "auc": round(float(roc_auc_score(labels, scores)), 3),
        "auc_ci95": list(auc_interval(labels, scores)),
        "precision_at_20": round(precision_at(TOP_K, labels, scores), 3),
    }


# --- Forward chaining -------------------------------------------------------------------------


@dataclass(frozen=True)
class Scored:
    """One test case, ranked by a warning fitted on earlier years only."""

    case: Case
    positive: bool
    rank: float  # the warning's order
    shown: float  # the frequency the warning states for it (-1 when it cannot happen)
    outlook: Outlook


def _place(case: Case, measure_id: str) -> float:
    position = case.evidence.positions.get(measure_id)
    return 0.5 if position is None else position.share_below  # missing: the middle of the year


def _raw_caseload(case: Case) -> float | None:
    latest = case.evidence.latest("caseload")
    return None if latest is None else latest[1]


def _applies(case: Case, target: Target, from_sub_judgements: bool) -> bool:
    return (
        target.applies(case.previous)
        and outcome_of(case, from_sub_judgements=from_sub_judgements) is not None
    )


def forward_chained(
    cases: Sequence[Case], target: Target, *, from_sub_judgements: bool = False, own_lead: bool = False
) -> list[Scored]:
    """Each year's cases ranked by a warning fitted on the cases known before that year began:
    led as the warning is (:func:`fit_outlooks`), or with ``own_lead`` by the figure that best
    ranked this target's own earlier cases."""
    scored = []
    for year in sorted({c.year for c in cases}):
        training = [c for c in cases if c.known < date(year, 1, 1)]
        if own_lead:
            outlook = fit_outlook(training, target, from_sub_judgements=from_sub_judgements)
        else:
            outlooks = fit_outlooks(training, from_sub_judgements=from_sub_judgements)
            outlook = next(o for o in outlooks if o.target == target)
        if outlook.measure is None or outlook.overall.happened < MIN_TRAINING_POSITIVES:
            continue
        for case in cases:
            if case.year != year or not _applies(case, target, from_sub_judgements):
                continue
            outcome = outcome_of(case, from_sub_judgements=from_sub_judgements)
            shown = -1.0  # cannot happen: ranked last
            if target.can_happen(case.previous):
                count = outlook.count(case.evidence)
                shown = count.happened / count.of if count.of else 0.0
            scored.append(
                Scored(
                    case, target.happened(case.previous, outcome), outlook.rank(case.evidence), shown, outlook
                )
            )
    return scored


def _fitted_logistic(
    cases: Sequence[Case], scored: Sequence[Scored], target: Target, sub: bool
) -> list[float]:
    """Out-of-sample scores of a regularised logistic regression on every measure's place and the
    last grade, each year fitted on the cases known before it began (the comparison a model
    fitted on everything would have to beat)."""
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    def features(case: Case) -> list[float]:
        places = [p.share_below if (p := case.evidence.positions.get(m.id)) else np.nan for m in MEASURES]
        return places + [float(case.previous == g) for g in Grade]

    scores: dict[int, float] = {}
    for year in sorted({s.case.year for s in scored}):
        training = [c for c in cases if c.known < date(year, 1, 1) and _applies(c, target, sub)]
        labels = [target.happened(c.previous, outcome_of(c, from_sub_judgements=sub)) for c in training]
        tests = [s for s in scored if s.case.year == year]
        model = make_pipeline(
            SimpleImputer(strategy="median", keep_empty_features=True),
            StandardScaler(),
            LogisticRegression(C=0.5, max_iter=1000),
        ).fit(np.array([features(c) for c in training]), labels)
        predicted = model.predict_proba(np.array([features(s.case) for s in tests]))[:, 1]
        scores.update({id(s): float(p) for s, p in zip(tests, predicted, strict=True)})
    return [scores[id(s)] for s in scored]


def _calibration(scored: Sequence[Scored]) -> list[dict[str, object]]:
    """By the lead figure's third: the frequency the warning stated, against what then happened."""
    rows = []
    for third, name in enumerate(THIRDS):
        group = [
            s
            for s in scored
            if s.shown >= 0
            and (p := s.case.evidence.positions.get(s.outlook.measure.id))
            and p.third == third
        ]
        if group:
            rows.append(
                {
                    "third": name,
                    "n": len(group),
                    "stated": round(statistics.fmean(s.shown for s in group), 3),
                    "happened": round(sum(s.positive for s in group) / len(group), 3),
                }
            )
    return rows


def evaluate(
    cases: Sequence[Case], target: Target, *, from_sub_judgements: bool = False
) -> dict[str, object]:
    """The pooled out-of-sample report for one target, with every comparison on the same rows."""
    scored = forward_chained(cases, target, from_sub_judgements=from_sub_judgements)
    labels = [s.positive for s in scored]
    result: dict[str, object] = {
        "title": target.title,
        "n": len(scored),
        "positives": sum(labels),
        "base_rate": round(sum(labels) / len(scored), 3) if scored else None,
        "test_years": sorted({s.case.year for s in scored}),
        "lead_by_year": {s.case.year: s.outlook.measure.id for s in scored},
        "cannot_happen": sum(s.shown < 0 for s in scored),
    }
    result.update(metrics(labels, [s.rank for s in scored]))
    result["as_shown"] = metrics(labels, [s.shown for s in scored])
    # Ranking those it cannot happen to last is part of the warning's edge; this is the rest of it.
    could = [s for s in scored if s.shown >= 0]
    could_labels = [s.positive for s in could]
    result["where_it_could_happen"] = {
        "n": len(could),
        "positives": sum(could_labels),
        **metrics(could_labels, [s.rank for s in could]),
        "caseload": metrics(could_labels, [_place(s.case, CASELOAD.id) for s in could]),
    }
    raw = [_raw_caseload(s.case) for s in scored]
    middle = statistics.median(v for v in raw if v is not None) if any(v is not None for v in raw) else 0.0
    both = 0 < sum(labels) < len(labels)  # a model needs both outcomes; metrics say None otherwise
    logistic = _fitted_logistic(cases, scored, target, from_sub_judgements) if both else [0.0] * len(labels)
    result["baselines"] = {
        "caseload level (place in its year)": metrics(labels, [_place(s.case, CASELOAD.id) for s in scored]),
        "caseload level (figure)": metrics(labels, [middle if v is None else v for v in raw]),
        "every measure averaged": metrics(
            labels, [statistics.fmean(_place(s.case, m.id) for m in MEASURES) for s in scored]
        ),
        "fitted logistic regression": metrics(labels, logistic),
    }
    if target != TARGETS[0]:
        own = forward_chained(cases, target, from_sub_judgements=from_sub_judgements, own_lead=True)
        result["lead_chosen_on_this_target_alone"] = {
            "n": len(own),
            **metrics([s.positive for s in own], [s.rank for s in own]),
        }
    result["measures"] = {m.id: metrics(labels, [_place(s.case, m.id) for s in scored]) for m in MEASURES}
    result["calibration"] = _calibration(scored)
    return result


def _goal(report: Mapping[str, object]) -> dict[str, object]:
    caseload = report["baselines"]["caseload level (place in its year)"]["auc"]
    auc = report["auc"]
    met = auc is not None and caseload is not None and auc >= GOAL_AUC and auc >= caseload - GOAL_MARGIN
    return {"auc_at_least": GOAL_AUC, "at_most_below_caseload": GOAL_MARGIN, "met": met}


def _definitions_agree(cases: Sequence[Case]) -> dict[str, int]:
    """How often "worse" read from the sub-judgements alone matches "worse" read from the overall
    grade, on the inspections that carry both."""
    both = [
        c for c in cases if c.inspection.overall is not None and c.outcome_from_sub_judgements is not None
    ]
    agree = sum(
        WORSE.happened(c.previous, c.outcome) == WORSE.happened(c.previous, c.outcome_from_sub_judgements)
        for c in both
    )
    without = sum(c.inspection.overall is None for c in cases)
    return {"inspections_with_both": len(both), "agree": agree, "inspections_without_overall_grade": without}


def backtest(
    inspections: Sequence[Inspection],
    observations: Sequence[Observation],
    neighbours: Mapping[str, Sequence[str]] | None = None,
    cases: Sequence[Case] | None = None,
) -> dict[str, object]:
    """Both targets, and the first read from sub-judgements alone; see :data:`METHOD`. ``cases``
    (from :func:`past_cases` on the same evidence) may be passed in when already built."""
    cases = past_cases(inspections, observations, neighbours) if cases is None else cases
    targets = {target.id: evaluate(cases, target) for target in TARGETS}
    targets[WORSE.id]["goal"] = _goal(targets[WORSE.id])
    sub = evaluate(cases, WORSE, from_sub_judgements=True)
    sub["title"] = f"{WORSE.title}, the next judgement read from its sub-judgements alone"
    targets[f"{WORSE.id}_from_sub_judgements"] = sub
    return {
        "cases": len(cases),
        "targets": targets,
        "sub_judgement_definition": _definitions_agree(cases),
        "method": METHOD,
    }


METHOD = """\
Every graded ILACS inspection (standard or short; from April 2026, one with sub-judgements only) \
of an LA that had an earlier graded inspection (single inspection framework or ILACS) is a case. \
Each case is read as it stood the day before the inspection started: figures published by then, \
inspections published before then.

Two outcomes are tested. "Next judgement worse than the last": the inspection came out below the \
previous judgement. "Good or better now, Requires improvement or worse next": of LAs whose last \
judgement was Good or Outstanding, those judged Requires improvement or Inadequate. An inspection \
with no overall grade (Ofsted stopped giving one in April 2026) is read from its sub-judgements: \
any Inadequate sub-judgement makes it Inadequate, otherwise the mean of the leadership judgement, \
the lowest and the median sub-judgement, rounded half up. The first outcome is also tested with \
every inspection read that way, even where an overall grade was given, to show the definition \
holds. An LA judged Inadequate cannot come out worse: the warning says so rather than scoring it, \
and ranks it last.

Each figure the warning could lead with (six indicators, each as a level and as a change on the \
year before) is placed within that year's distribution of every LA's figure. Forward-chained: for \
each test year, the warning is fitted on the cases whose outcome was published before 1 January \
of that year - it picks the figure that ranked those cases best and counts how often each third \
of its distribution came out worse - and then ranks that year's cases. A year is tested only \
when at least 10 earlier cases came out worse. The test years are pooled.

The AUC (area under the ROC curve: the chance that a random case that came out worse is ranked \
above a random one that did not; 0.5 is chance) comes with a 95% bootstrap interval (2,000 \
resamples of the two groups, drawn separately). Where two intervals overlap widely, the data \
cannot tell the two rankings apart: with about 50 cases that came out worse, any AUC carries \
roughly plus or minus 0.09. Precision among the top 20 is the share of the 20 highest-ranked \
cases that came out worse, to set against the base rate. The caseload alone, every figure alone, \
every figure averaged and a regularised logistic regression on every figure and the last grade \
(fitted year by year in the same way) are scored on exactly the same cases."""
