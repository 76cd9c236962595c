"""Benchmarks on hand-made data (polarity, ties, trends, models) and on the real files."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest
from scipy.stats import theilslopes

from journeys.authorities.register import load_register
from journeys.evidence.benchmarks import ComparedFigure, NeighbourModels, compute_benchmarks
from journeys.evidence.catalogue import CATALOGUE_YAML, load_catalogue
from journeys.evidence.formats import JointReturn, NeighbourLink, parse
from journeys.evidence.records import Observation

REGIONS = {"A": "North", "B": "North", "C": "South", "D": "South", "E": "South"}


def codes(*names: str) -> dict[str, str]:
    """Hand-made LAs must look like DfE 3-digit codes; 'A' → '101' and so on."""
    return {name: str(101 + ord(name) - ord("A")) for name in names}


CODE = codes(*REGIONS)
REGIONS_BY_CODE = {CODE[name]: region for name, region in REGIONS.items()}


def observations(indicator: str, year: int, values: dict[str, float | None]) -> list[Observation]:
    return [
        Observation(CODE.get(area, area), indicator, year, value, None if value is not None else "c")
        for area, value in values.items()
    ]


def one(benchmarks: list[ComparedFigure], area: str, indicator: str, year: int) -> ComparedFigure:
    [found] = [
        b for b in benchmarks if (b.la_code, b.indicator, b.year) == (CODE.get(area, area), indicator, year)
    ]
    return found


def test_rank_and_quartile_read_through_polarity() -> None:
    values = {"A": 10.0, "B": 20.0, "C": 30.0, "D": 40.0}
    data = [
        *observations("agency_rate", 2025, values),  # higher is worse
        *observations("cla_rate_per_10k", 2025, values),  # neither
    ]
    benchmarks = compute_benchmarks(data, {}, REGIONS_BY_CODE)
    assert [one(benchmarks, a, "agency_rate", 2025).rank for a in "ABCD"] == [1, 2, 3, 4]
    assert [one(benchmarks, a, "agency_rate", 2025).quartile for a in "ABCD"] == [1, 2, 3, 4]
    assert one(benchmarks, "A", "agency_rate", 2025).ranked == 4
    # Polarity "neither": a position from highest to lowest, and no quartile (no best or worst).
    assert [one(benchmarks, a, "cla_rate_per_10k", 2025).rank for a in "ABCD"] == [4, 3, 2, 1]
    assert one(benchmarks, "A", "cla_rate_per_10k", 2025).quartile is None


def test_higher_is_better_ranks_the_highest_first(tmp_path: Path) -> None:
    # The catalogue has no "higher is better" statistic yet, so a copy turns caseload round.
    text = CATALOGUE_YAML.read_text(encoding="utf-8").replace(
        "unit: cases_per_fte\n    polarity: higher_is_worse",
        "unit: cases_per_fte\n    polarity: higher_is_better",
    )
    path = tmp_path / "catalogue.yaml"
    path.write_text(text, encoding="utf-8")
    catalogue = load_catalogue(path)
    assert catalogue["caseload"].polarity == "higher_is_better"
    data = observations("caseload", 2025, {"A": 10.0, "B": 20.0, "C": 30.0, "D": 40.0})
    benchmarks = compute_benchmarks(data, {}, REGIONS_BY_CODE, catalogue)
    assert [one(benchmarks, a, "caseload", 2025).rank for a in "ABCD"] == [4, 3, 2, 1]
    assert one(benchmarks, "D", "caseload", 2025).quartile == 1


def test_ties_share_the_best_rank_and_symbols_are_not_ranked() -> None:
    data = observations("vacancy_rate", 2025, {"A": 5.0, "B": 5.0, "C": 9.0, "D": None})
    benchmarks = compute_benchmarks(data, {}, REGIONS_BY_CODE)
    assert [one(benchmarks, a, "vacancy_rate", 2025).rank for a in "ABC"] == [1, 1, 3]
    suppressed = one(benchmarks, "D", "vacancy_rate", 2025)
    assert (suppressed.value, suppressed.symbol, suppressed.rank, suppressed.quartile) == (
        None,
        "c",
        None,
        None,
    )
    assert suppressed.ranked == 3


def test_only_current_las_are_ranked() -> None:
    data = observations("vacancy_rate", 2025, {"A": 5.0, "B": 6.0, "C": 9.0})
    benchmarks = compute_benchmarks(data, {}, REGIONS_BY_CODE, current={CODE["B"], CODE["C"]})
    assert one(benchmarks, "A", "vacancy_rate", 2025).rank is None
    assert one(benchmarks, "B", "vacancy_rate", 2025).rank == 1


def test_neighbour_mean_region_and_england_use_published_rows_only() -> None:
    data = observations("agency_rate", 2025, {"A": 10.0, "B": 20.0, "C": 30.0, "D": None, "England": 15.0})
    benchmarks = compute_benchmarks(data, {CODE["A"]: [CODE["B"], CODE["C"], CODE["D"]]}, REGIONS_BY_CODE)
    a = one(benchmarks, "A", "agency_rate", 2025)
    assert (a.neighbour_mean, a.neighbours_used) == (25.0, 2)  # D is suppressed, so left out
    assert a.england_value == 15.0
    # No "North" row was published, so none is computed from B.
    assert (a.region, a.region_value) == ("North", None)


def test_neighbour_mean_uses_the_model_in_force_for_the_year() -> None:
    links = [
        NeighbourLink("dfe-2021", CODE["A"], 1, CODE["B"], None),
        NeighbourLink("dfe-2025", CODE["A"], 1, CODE["C"], None),
        NeighbourLink("dfe-2025", CODE["A"], 2, CODE["D"], None),
    ]
    data = [
        *observations("agency_rate", 2024, {"A": 1.0, "B": 10.0, "C": 20.0, "D": 40.0}),
        *observations("agency_rate", 2025, {"A": 1.0, "B": 10.0, "C": 20.0, "D": 40.0}),
    ]
    benchmarks = compute_benchmarks(data, NeighbourModels(links), REGIONS_BY_CODE)
    in_2024 = one(benchmarks, "A", "agency_rate", 2024)
    in_2025 = one(benchmarks, "A", "agency_rate", 2025)
    assert (in_2024.neighbour_model, in_2024.neighbour_mean) == ("dfe-2021", 10.0)
    assert (in_2025.neighbour_model, in_2025.neighbour_mean) == ("dfe-2025", 30.0)


def series(indicator: str, values: dict[int, float | None], area: str = "A") -> list[Observation]:
    return [o for year, value in values.items() for o in observations(indicator, year, {area: value})]


def test_trend_is_theil_sen_and_read_through_polarity() -> None:
    falling = {2021: 20.0, 2022: 18.0, 2023: 17.5, 2024: 14.0, 2025: 12.0}
    benchmarks = compute_benchmarks(series("agency_rate", falling), {}, REGIONS_BY_CODE)
    trend = one(benchmarks, "A", "agency_rate", 2025).trend
    expected = theilslopes(list(falling.values()), list(falling)).slope
    assert trend.slope == pytest.approx(expected)
    assert trend.direction == "improving"  # agency rate: lower is better
    assert trend.summary == "Improving: down 2.0 points a year over 5 years (2021 to 2025)"

    rising = compute_benchmarks(
        series("rereferral_rate", {2023: 10.0, 2024: 14.0, 2025: 15.0}), {}, REGIONS_BY_CODE
    )
    assert one(rising, "A", "rereferral_rate", 2025).trend.direction == "worsening"

    neither = compute_benchmarks(series("cla_rate_per_10k", falling), {}, REGIONS_BY_CODE)
    assert one(neither, "A", "cla_rate_per_10k", 2025).trend.summary.startswith(
        "Falling: down 2.0 per 10,000 children"
    )


def test_trend_needs_three_numbers_and_skips_symbols() -> None:
    values = {2021: 10.0, 2022: None, 2023: 12.0, 2024: None, 2025: 20.0}
    benchmarks = compute_benchmarks(series("caseload", values), {}, REGIONS_BY_CODE)
    assert one(benchmarks, "A", "caseload", 2023).trend is None  # only 2021 and 2023
    trend = one(benchmarks, "A", "caseload", 2025).trend
    assert (trend.points, trend.first_year, trend.last_year) == (3, 2021, 2025)
    assert trend.slope == pytest.approx(theilslopes([10, 12, 20], [2021, 2023, 2025]).slope)


def test_trend_window_is_the_last_five_years() -> None:
    values = {year: float(year - 2015) ** 2 for year in range(2015, 2026)}
    trend = one(
        compute_benchmarks(series("caseload", values), {}, REGIONS_BY_CODE), "A", "caseload", 2025
    ).trend
    years = list(range(2021, 2026))
    assert trend.slope == pytest.approx(theilslopes([values[y] for y in years], years).slope)
    assert (trend.first_year, trend.points) == (2021, 5)


def test_small_slopes_are_stable() -> None:
    values = {2021: 50.0, 2022: 50.4, 2023: 49.8, 2024: 50.5, 2025: 50.6}
    trend = one(
        compute_benchmarks(series("turnover_rate", values), {}, REGIONS_BY_CODE), "A", "turnover_rate", 2025
    ).trend
    assert trend.direction == "stable"
    assert trend.summary.startswith("No clear change over 5 years")


def test_random_series_match_scipy() -> None:
    generator = np.random.default_rng(7)
    for _ in range(20):
        values = dict(zip(range(2021, 2026), generator.normal(20, 5, 5).round(1).tolist(), strict=True))
        trend = one(
            compute_benchmarks(series("caseload", values), {}, REGIONS_BY_CODE), "A", "caseload", 2025
        ).trend
        assert trend.slope == pytest.approx(theilslopes(list(values.values()), list(values)).slope)


def test_joint_return_is_explained() -> None:
    data = observations("agency_rate", 2025, {"314": 14.9, "318": 14.9})
    joint = JointReturn(
        "agency_rate", 2025, ("314", "318"), "314 / 318", "Kingston upon Thames / Richmond upon Thames"
    )
    benchmarks = compute_benchmarks(
        data, {}, {"314": "Outer London", "318": "Outer London"}, joint_returns=[joint]
    )
    for code in ("314", "318"):
        explanation = one(benchmarks, code, "agency_rate", 2025).joint_return
        assert "Kingston upon Thames / Richmond upon Thames (314 / 318)" in explanation
        assert "joint return" in explanation


def test_an_la_is_never_its_own_neighbour_through_a_joint_return() -> None:
    data = observations("agency_rate", 2025, {"314": 14.9, "318": 14.9, "330": 10.0})
    joint = JointReturn(
        "agency_rate", 2025, ("314", "318"), "314 / 318", "Kingston upon Thames / Richmond upon Thames"
    )
    regions = {"314": "Outer London", "318": "Outer London", "330": "West Midlands"}
    benchmarks = compute_benchmarks(data, {"318": ["314", "330"]}, regions, joint_returns=[joint])
    richmond = one(benchmarks, "318", "agency_rate", 2025)
    assert (richmond.neighbour_mean, richmond.neighbours_used) == (10.0, 1)


def test_a_new_la_s_first_year_starts_no_trend() -> None:
    data = series("turnover_rate", {2023: 2.1, 2024: 15.8, 2025: 6.8, 2026: 14.0})
    trends = compute_benchmarks(data, {}, REGIONS_BY_CODE, formed={CODE["A"]: 2023})
    assert one(trends, "A", "turnover_rate", 2025).trend is None  # 2024 and 2025 only
    assert one(trends, "A", "turnover_rate", 2026).trend.first_year == 2024
    assert one(compute_benchmarks(data, {}, REGIONS_BY_CODE), "A", "turnover_rate", 2025).trend


def test_cin_rate_is_derived_with_the_previous_mid_year_population() -> None:
    data = [
        *observations("cin_at31_episodes", 2025, {"A": 300.0, "B": 50.0}),
        *observations("population_0_17", 2024, {"A": 10_000.0, "B": 20_000.0}),
        *observations("population_0_17", 2025, {"A": 99_999.0}),  # must not be used for 2025
    ]
    benchmarks = compute_benchmarks(data, {}, REGIONS_BY_CODE)
    a = one(benchmarks, "A", "cin_rate_per_10k", 2025)
    assert (a.value, a.derived) == (300.0, True)
    assert one(benchmarks, "B", "cin_rate_per_10k", 2025).value == 25.0
    assert not [b for b in benchmarks if b.indicator in {"cin_at31_episodes", "population_0_17"}]


@pytest.fixture(scope="module")
def real(shared_data: Path):
    observations, joint, links = [], [], []
    for folder in ("dfe-csc-ees", "dfe-statistical-neighbours"):
        for source in sorted((shared_data / folder).glob("*.csv")):
            if source.name == "summary_page_metadata.csv":
                continue
            parsed = parse(source)
            observations += parsed.observations
            joint += parsed.joint_returns
            links += parsed.neighbours
    register = load_register()
    started = time.perf_counter()
    benchmarks = compute_benchmarks(
        observations,
        NeighbourModels(links),
        {a.old_la_code: a.region for a in register.authorities},
        joint_returns=joint,
        current=[a.old_la_code for a in register.current],
    )
    return observations, benchmarks, time.perf_counter() - started


def test_real_data_is_fast_and_complete(real) -> None:
    observations, benchmarks, seconds = real
    assert seconds < 3
    assert len(benchmarks) > 10_000
    birmingham = one(benchmarks, "330", "agency_rate", 2025)
    assert (birmingham.value, birmingham.england_value, birmingham.region_value) == (12.4, 13.0, 10.4)
    assert (birmingham.neighbour_model, birmingham.neighbours_used) == ("dfe-2025", 10)
    current = {a.old_la_code for a in load_register().current}
    with_a_number = {
        o.area
        for o in observations
        if (o.indicator, o.year) == ("agency_rate", 2025) and o.value is not None and o.area in current
    }
    assert birmingham.ranked == len(with_a_number)
    assert birmingham.rank == 1 + sum(
        o.value < 12.4
        for o in observations
        if (o.indicator, o.year) == ("agency_rate", 2025) and o.value is not None and o.area in current
    )
    assert one(benchmarks, "330", "agency_rate", 2024).symbol == "u"
    assert "joint return" in one(benchmarks, "318", "caseload", 2025).joint_return


def test_richmond_s_neighbour_mean_leaves_out_kingston_s_joint_figure(real, shared_data: Path) -> None:
    observations, benchmarks, _ = real
    richmond = one(benchmarks, "318", "caseload", 2025)
    assert richmond.joint_return and "314 / 318" in richmond.joint_return
    links = [
        link
        for source in sorted((shared_data / "dfe-statistical-neighbours").glob("*.csv"))
        for link in parse(source).neighbours
    ]
    peers = NeighbourModels(links).for_la("318", 2025)[1]
    assert "314" in peers  # Kingston is one of Richmond's neighbours in the 2025 model
    figures = {o.area: o.value for o in observations if (o.indicator, o.year) == ("caseload", 2025)}
    others = [figures[p] for p in peers if p != "314" and figures.get(p) is not None]
    assert richmond.neighbours_used == len(others)
    assert richmond.neighbour_mean == pytest.approx(sum(others) / len(others))


def test_real_cin_rate_for_england_uses_published_inputs(real) -> None:
    _, benchmarks, _ = real
    birmingham = one(benchmarks, "330", "cin_rate_per_10k", 2025)
    # England: 402,400 children in need at 31 March 2025 ÷ 12,183,016 children (ONS mid-2024).
    assert birmingham.england_value == pytest.approx(402_400 / 12_183_016 * 10_000)
    assert birmingham.derived
