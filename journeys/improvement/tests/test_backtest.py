"""The warning's backtest: metrics, forward chaining without look-ahead, and the real data's answer."""

from dataclasses import replace
from datetime import timedelta

import pytest

from journeys.evidence.records import Grade
from journeys.improvement.backtest import (
    auc_interval,
    backtest,
    forward_chained,
    metrics,
    precision_at,
)
from journeys.improvement.early_warning import GOOD_TO_RI, MEASURES_BY_ID, WORSE, past_cases
from journeys.improvement.tests import real_inspections, real_neighbours, real_observations


def test_precision_at_k_shares_ties_fairly():
    assert precision_at(2, [True, False, True, False], [0.9, 0.8, 0.1, 0.0]) == 0.5
    # Four cases tie at the top, two of them positive: two places are filled at that rate.
    assert precision_at(2, [True, False, True, False], [1, 1, 1, 1]) == 0.5
    assert precision_at(1, [True, False, False], [1, 1, 0]) == 0.5


def test_auc_interval_is_tight_when_separation_is_perfect_and_wide_around_chance_when_it_is_not():
    assert auc_interval([True, True, False, False], [0.9, 0.8, 0.1, 0.2]) == (1.0, 1.0)
    labels = [i % 5 == 0 for i in range(300)]
    unrelated = [(i * 7919) % 300 / 300 for i in range(300)]  # a fixed scramble with no signal
    low, high = auc_interval(labels, unrelated)
    assert low < 0.5 < high and high - low > 0.1
    assert auc_interval(labels, unrelated) == (low, high)  # the same evidence, the same interval


def test_metrics_need_both_outcomes():
    assert metrics([True, True], [0.1, 0.2]) == {"auc": None, "auc_ci95": None, "precision_at_20": None}


# --- On the real data -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real(shared_data):
    return real_inspections(shared_data), real_observations(shared_data), real_neighbours(shared_data)


@pytest.fixture(scope="module")
def cases(real):
    return past_cases(*real)


def test_past_cases_see_only_what_was_known(cases):
    assert len(cases) >= 100
    for case in cases:
        as_of = case.inspection.start_date - timedelta(days=1)
        assert case.evidence.as_of == as_of
        assert all(j.published is None or j.published < as_of for j in case.evidence.judgements)
        assert case.inspection not in case.evidence.judgements
        # Workforce census year Y is published in February of Y+1.
        assert max(case.evidence.series.get("agency_rate", {0: 0})) <= as_of.year - 1
        # A figure's place in its year is read from the same cut as the LA's own figures.
        for measure_id, position in case.evidence.positions.items():
            own = case.evidence.series[MEASURES_BY_ID[measure_id].indicator]
            assert position.year == max(own)


def test_a_test_year_is_ranked_without_seeing_its_own_or_later_outcomes(cases):
    """Turn every outcome from 2024 on upside down: the ranks and stated frequencies of 2024 stay."""
    flipped = [
        replace(c, outcome=Grade(5 - c.outcome), outcome_from_sub_judgements=None) if c.year >= 2024 else c
        for c in cases
    ]
    honest, mixed = (
        [(s.case.inspection, s.rank, s.shown) for s in forward_chained(cs, WORSE) if s.case.year == 2024]
        for cs in (cases, flipped)
    )
    assert honest and honest == mixed
    # The control: 2025 is fitted on 2024's outcomes, so flipping them changes what it states.
    later = [[s.shown for s in forward_chained(cs, WORSE) if s.case.year == 2025] for cs in (cases, flipped)]
    assert later[0] != later[1]


def test_good_or_better_now_counts_only_las_judged_good_or_better(cases):
    scored = forward_chained(cases, GOOD_TO_RI)
    assert scored and all(s.case.previous >= Grade.GOOD for s in scored)
    assert {s.positive for s in scored} == {True, False}
    assert all(s.positive == (s.case.outcome <= Grade.REQUIRES_IMPROVEMENT) for s in scored)


def test_backtest_on_real_data(real):
    report = backtest(*real)
    print(f"\nBacktest on {report['cases']} past inspections, out of sample:")  # noqa: T201
    for target in report["targets"].values():
        print(  # noqa: T201
            f"{target['title']}: n={target['n']} positives={target['positives']} "
            f"base rate {target['base_rate']}, test years {target['test_years']}"
        )
        rows = [("warning", target), ("as stated", target["as_shown"]), *target["baselines"].items()]
        for name, m in rows:
            low, high = m["auc_ci95"]
            print(f"  {name:40s} {m['auc']:6.3f} {low:6.3f}–{high:6.3f} P@20 {m['precision_at_20']:6.3f}")  # noqa: T201
            assert low <= m["auc"] <= high and 0 <= m["precision_at_20"] <= 1
    worse = report["targets"]["worse"]
    good = report["targets"]["good_to_requires_improvement"]
    sub = report["targets"]["worse_from_sub_judgements"]
    caseload = "caseload level (place in its year)"
    # The known answer on these files: the caseload leads in every test year, and with an LA
    # judged Inadequate ranked last (it cannot come out worse) the warning meets its goal.
    assert set(worse["lead_by_year"].values()) == {"caseload_level"}
    assert (worse["n"], worse["positives"], worse["test_years"][0]) == (219, 34, 2020)
    assert worse["auc"] == pytest.approx(0.748, abs=0.005)
    assert worse["baselines"][caseload]["auc"] == pytest.approx(0.702, abs=0.005)
    assert worse["goal"]["met"] and worse["auc"] >= 0.70
    # Its edge over the caseload is ranking the LAs judged Inadequate last: among the others it
    # ranks exactly as the caseload does.
    rest = worse["where_it_could_happen"]
    assert worse["cannot_happen"] == 28 and rest["n"] == worse["n"] - 28 and rest["positives"] == 34
    assert rest["auc"] == rest["caseload"]["auc"] == pytest.approx(0.703, abs=0.005)
    assert (good["n"], good["positives"]) == (88, 13)
    assert good["auc"] == pytest.approx(good["baselines"][caseload]["auc"], abs=0.005)
    assert good["auc_ci95"][0] > 0.5
    assert sub["auc"] == pytest.approx(0.753, abs=0.005)
    # Averaging every figure in dilutes the caseload; no other figure alone comes near it.
    assert worse["baselines"]["every measure averaged"]["auc"] < worse["baselines"][caseload]["auc"] - 0.1
    assert max(m["auc"] for k, m in worse["measures"].items() if k != "caseload_level") < 0.6
    assert (
        report["sub_judgement_definition"]["agree"]
        >= 0.98 * report["sub_judgement_definition"]["inspections_with_both"]
    )
    assert "day before the inspection started" in report["method"]
