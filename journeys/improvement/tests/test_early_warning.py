"""The slipping-back early warning: signals, no look-ahead, and the backtest on real data."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journeys.evidence.records import Grade, Inspection, Observation
from journeys.improvement.early_warning import (
    INDICATORS,
    SIGNALS,
    SIGNALS_BY_ID,
    auc_interval,
    backtest,
    backtest_cases,
    precision_at,
    warning_at,
)
from journeys.improvement.tests import real_inspections, real_neighbours, real_observations

G, RI, INAD, OUT = Grade.GOOD, Grade.REQUIRES_IMPROVEMENT, Grade.INADEQUATE, Grade.OUTSTANDING
LA = "900"
NEIGHBOURS = ("901", "902", "903")
AS_OF = date(2024, 6, 1)


def inspection(
    published: date, grade: Grade | None, la: str = LA, kind: str = "standard", start: date | None = None
) -> Inspection:
    return Inspection(la, "ilacs_2023", kind, start or published - timedelta(days=60), published, grade, {})


def observation(
    area: str, indicator: str, year: int, value: float, published: date | None = None
) -> Observation:
    return Observation(area, indicator, year, value, None, published or date(year + 1, 2, 28))


def neighbours_at(indicator: str, value: float, years=(2021, 2022)) -> list[Observation]:
    return [observation(n, indicator, y, value) for n in NEIGHBOURS for y in years]


def fired(warning) -> set[str]:
    return {s.id for s in warning.signals if s.result.fired}


def test_signal_ids_are_unique_and_each_explains_itself():
    assert len(SIGNALS_BY_ID) == len(SIGNALS)
    assert all(s.title and s.why and s.weight > 0 for s in SIGNALS)


def test_agency_rate_high_against_neighbours_and_rising():
    observations = [
        observation(LA, "agency_rate", 2021, 12.0),
        observation(LA, "agency_rate", 2022, 24.0),
        *neighbours_at("agency_rate", 12.0),
    ]
    warning = warning_at(LA, AS_OF, [inspection(date(2022, 1, 1), G)], observations, NEIGHBOURS)
    assert {"agency_high", "agency_rising"} <= fired(warning)
    agency = next(s for s in warning.signals if s.id == "agency_high")
    assert agency.result.strength == 1.0  # 100% above neighbours, beyond full strength
    assert "24.0% against 12.0% for comparable LAs" in agency.result.reason
    quiet = warning_at(
        LA,
        AS_OF,
        [inspection(date(2022, 1, 1), G)],
        neighbours_at("agency_rate", 12.0)
        + [observation(LA, "agency_rate", 2021, 12.0), observation(LA, "agency_rate", 2022, 12.5)],
        NEIGHBOURS,
    )
    assert quiet.score < warning.score
    assert not {"agency_high", "agency_rising"} & fired(quiet)


def test_england_is_the_comparison_without_enough_neighbours():
    observations = [observation(LA, "caseload", 2022, 24.0), observation("England", "caseload", 2022, 16.0)]
    warning = warning_at(LA, AS_OF, [], observations)
    assert "caseload_high" in fired(warning)


def test_missing_figures_are_said_and_do_not_fire():
    warning = warning_at(LA, AS_OF, [], [])
    assert not fired(warning) and warning.score == 0.0 and warning.band == "low"
    assert all(not s.result.available for s in warning.signals)


def test_sigh_of_relief_after_a_step_up_to_good():
    history = [inspection(date(2019, 5, 1), RI), inspection(date(2023, 1, 1), G)]
    warning = warning_at(LA, AS_OF, history, [])  # 17 months after the step up
    assert "sigh_of_relief" in fired(warning)
    assert any("collective sigh of relief" in r for r in warning.reasons)
    steady = [inspection(date(2019, 5, 1), G), inspection(date(2023, 1, 1), G)]
    assert "sigh_of_relief" not in fired(warning_at(LA, AS_OF, steady, []))


def test_time_since_inspection_and_further_to_fall():
    old_good = warning_at(LA, AS_OF, [inspection(date(2019, 1, 1), OUT)], [])
    recent_inadequate = warning_at(LA, AS_OF, [inspection(date(2024, 1, 1), INAD)], [])
    assert {"time_since_inspection", "further_to_fall"} <= fired(old_good)
    assert not fired(recent_inadequate)
    assert old_good.score > recent_inadequate.score


def test_leadership_changes_count_only_where_recorded():
    history = [inspection(date(2023, 1, 1), G)]
    unrecorded = warning_at(LA, AS_OF, history, [])
    none_recorded = warning_at(LA, AS_OF, history, [], leadership_changes=[])
    changed = warning_at(LA, AS_OF, history, [], leadership_changes=[date(2024, 1, 1), date(2020, 1, 1)])
    assert "leadership_change" in fired(changed)
    # Recording "no changes" adds a signal that did not fire, so the same evidence scores lower.
    assert none_recorded.score < unrecorded.score < changed.score
    assert any("1 change(s) of leadership" in r for r in changed.reasons)


def test_precision_at_k_shares_ties_fairly():
    assert precision_at(2, [True, False, True, False], [0.9, 0.8, 0.1, 0.0]) == 0.5
    # Four cases tie at the top, two of them positive: two places are filled at that rate.
    assert precision_at(2, [True, False, True, False], [1, 1, 1, 1]) == 0.5
    assert precision_at(1, [True, False, False], [1, 1, 0]) == 0.5


# --- No look-ahead ----------------------------------------------------------------------------

days_after = st.integers(min_value=0, max_value=3000)
later_observation = st.builds(
    lambda area, indicator, year, value, lag: Observation(
        area, indicator, year, value, None, AS_OF + timedelta(days=1 + lag)
    ),
    st.sampled_from((LA, *NEIGHBOURS, "England")),
    st.sampled_from(INDICATORS),
    st.integers(min_value=2015, max_value=2030),
    st.floats(min_value=0, max_value=100, allow_nan=False),
    days_after,
)
later_inspection = st.builds(
    lambda grade, start_lag, report_lag: Inspection(
        LA,
        "ilacs_2023",
        "standard",
        AS_OF - timedelta(days=30) + timedelta(days=start_lag),
        AS_OF + timedelta(days=start_lag + report_lag),
        grade,
        {},
    ),
    st.sampled_from(list(Grade)),
    days_after,
    st.integers(min_value=0, max_value=200),
)


def known_evidence() -> tuple[list[Inspection], list[Observation]]:
    inspections = [inspection(date(2019, 3, 1), RI), inspection(date(2022, 3, 1), G)]
    cells = [(a, i, y) for a in (LA, *NEIGHBOURS, "England") for i in INDICATORS for y in (2020, 2021, 2022)]
    observations = [
        observation(area, indicator, year, 10.0 + n % 7) for n, (area, indicator, year) in enumerate(cells)
    ]
    return inspections, observations


@settings(max_examples=200, deadline=None)
@given(
    st.lists(later_observation, max_size=30),
    st.lists(later_inspection, max_size=3),
    st.floats(min_value=-50, max_value=50, allow_nan=False),
)
def test_nothing_published_after_the_as_of_date_changes_the_warning(
    extra_observations, extra_inspections, shift
):
    inspections, observations = known_evidence()
    before = warning_at(LA, AS_OF, inspections, observations, NEIGHBOURS)
    # Revise a known year in a later publication, and add later figures and inspections.
    revised = [
        Observation(o.area, o.indicator, o.year, o.value + shift, None, AS_OF + timedelta(days=10))
        for o in observations[:20]
    ]
    after = warning_at(
        LA,
        AS_OF,
        inspections + extra_inspections,
        observations + revised + extra_observations,
        NEIGHBOURS,
        leadership_changes=None,
    )
    assert (after.score, after.band, after.reasons) == (before.score, before.band, before.reasons)
    assert [s.result for s in after.signals] == [s.result for s in before.signals]


def test_the_same_change_published_in_time_does_change_the_warning():
    """The control for the test above: the evidence cut is what hides later data, nothing else."""
    inspections, observations = known_evidence()
    before = warning_at(LA, AS_OF, inspections, observations, NEIGHBOURS)
    in_time = [observation(LA, "agency_rate", 2023, 60.0, published=AS_OF)]
    too_late = [observation(LA, "agency_rate", 2023, 60.0, published=AS_OF + timedelta(days=1))]
    assert warning_at(LA, AS_OF, inspections, observations + in_time, NEIGHBOURS).score > before.score
    assert warning_at(LA, AS_OF, inspections, observations + too_late, NEIGHBOURS).score == before.score


def test_a_revision_published_before_the_date_replaces_the_first_figure():
    first = observation(LA, "caseload", 2022, 16.0, published=date(2023, 2, 28))
    revised = observation(LA, "caseload", 2022, 24.0, published=date(2023, 6, 1))
    england = observation("England", "caseload", 2022, 16.0)
    for order in ([first, revised, england], [revised, first, england]):
        assert "caseload_high" in fired(warning_at(LA, AS_OF, [], order))
    assert "caseload_high" not in fired(warning_at(LA, date(2023, 5, 1), [], [first, revised, england]))


def test_undated_observations_are_never_counted():
    undated = [
        Observation(LA, "agency_rate", 2020, 90.0, None, None),
        *neighbours_at("agency_rate", 10.0, (2020,)),
    ]
    assert "agency_high" not in fired(warning_at(LA, AS_OF, [], undated, NEIGHBOURS))


# --- Backtest on the real data ----------------------------------------------------------------


@pytest.fixture(scope="module")
def real(shared_data):
    return real_inspections(shared_data), real_observations(shared_data), real_neighbours(shared_data)


def test_backtest_cases_see_only_what_was_known(real):
    cases = backtest_cases(*real)
    assert len(cases) >= 100
    for case in cases:
        as_of = case.inspection.start_date - timedelta(days=1)
        assert case.evidence.as_of == as_of
        assert all(j.published is None or j.published < as_of for j in case.evidence.judgements)
        assert case.inspection not in case.evidence.judgements
        # Workforce census year Y is published in February of Y+1.
        assert max(case.evidence.series.get("agency_rate", {0: 0})) <= as_of.year - 1


def test_backtest_on_real_data(real):
    result = backtest(*real)
    rows = [("early warning (fixed weights)", result)]
    rows += list(result["baselines"].items())
    print(f"\nBacktest: n={result['n']}, positives={result['positives']}")  # noqa: T201
    print(f"{'score':40s} {'AUC':>6s} {'95% interval':>14s} {'P@20':>6s}")  # noqa: T201
    for name, m in rows:
        low, high = m["auc_ci95"]
        print(f"{name:40s} {m['auc']:6.3f} {low:6.3f}–{high:6.3f} {m['precision_at_20']:6.3f}")  # noqa: T201
        assert low <= m["auc"] <= high
    fitted = result["fitted_out_of_sample"]
    print(  # noqa: T201
        f"fitted logistic, forward-chained from {fitted['test_years_from']} (n={fitted['n']}, "
        f"positives={fitted['positives']}): AUC {fitted['auc']:.3f}, P@20 {fitted['precision_at_20']:.3f}; "
        f"fixed weights on the same cases: AUC {fitted['fixed_weights_on_same_cases']['auc']:.3f}"
    )
    assert result["n"] >= 100 and 20 <= result["positives"] < result["n"]
    assert set(result["baselines"]) >= {
        "agency rate level",
        "agency rate trend",
        "turnover level",
        "vacancy level",
        "caseload level",
        "re-referral trend",
        "repeat CP plan trend",
        "months since last inspection",
        "previous judgement good or better",
    }
    assert all(0 <= m["auc"] <= 1 and 0 <= m["precision_at_20"] <= 1 for m in result["baselines"].values())
    # The figures quoted in the team's report (fixed weights, set before the first run). The team's
    # target was AUC >= 0.75 and above every baseline; it is not met, and this pins that honestly.
    assert result["auc"] == pytest.approx(0.588, abs=0.03)
    assert result["auc"] < 0.75
    assert "day before the inspection started" in result["method"]


def test_auc_interval_is_tight_when_separation_is_perfect_and_wide_around_chance_when_it_is_not():
    assert auc_interval([True, True, False, False], [0.9, 0.8, 0.1, 0.2]) == (1.0, 1.0)
    labels = [i % 5 == 0 for i in range(300)]
    unrelated = [(i * 7919) % 300 / 300 for i in range(300)]  # a fixed scramble with no signal
    low, high = auc_interval(labels, unrelated)
    assert low < 0.5 < high and high - low > 0.1
    assert auc_interval(labels, unrelated) == (low, high)  # the same evidence, the same interval
