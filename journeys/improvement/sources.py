"""Where the journey calculations get their evidence: the evidence app's selectors, in one place.

Everything here returns plain records (``journeys.evidence.records``), so placement, timescales,
the early warning and the sector view stay pure.
"""

from __future__ import annotations

from journeys.evidence import presentation
from journeys.evidence import selectors as evidence
from journeys.evidence.catalogue import load_catalogue
from journeys.evidence.records import Inspection, Observation
from journeys.improvement.placement import BenchmarkFacts, IndicatorFact

# Benchmarks' polarity-applied directions; "rising"/"falling" (no polarity) say nothing of progress.
_TRENDS = {"improving": "improving", "worsening": "worsening", "stable": "stable"}


def inspection_records(*, la_codes: list[str] | None = None) -> list[Inspection]:
    return evidence.inspection_records(la_codes=la_codes)


def observation_records(*, indicators: list[str] | None = None) -> list[Observation]:
    return evidence.observation_records(indicators=indicators)


def neighbour_map() -> dict[str, list[str]]:
    return evidence.neighbour_map()


def backtest_neighbours() -> dict[str, list[str]]:
    """Neighbours for the backtest: the April 2021 model first, as it is the one in force for most
    backtest inspections (the 2025 model was built on later data), then the 2025 model for LAs
    the 2021 model lacks."""
    merged = evidence.neighbour_map(model="dfe-2021")
    for code, neighbours in evidence.neighbour_map(model="dfe-2025").items():
        merged.setdefault(code, neighbours)
    return merged


def latest_benchmark_facts(*, la_code: str) -> dict[str, dict]:
    return evidence.latest_benchmark_facts(la_code=la_code)


def benchmark_facts(*, la_code: str) -> BenchmarkFacts:
    """The LA's latest benchmark facts in the shape placement reads."""
    return BenchmarkFacts(
        {
            indicator: IndicatorFact(
                value=fact.get("value"),
                quartile=fact.get("quartile"),
                trend=_TRENDS.get(fact.get("trend_direction") or ""),
                title=fact.get("title"),
                year=fact.get("year"),
                figure=_figure(indicator, fact),
            )
            for indicator, fact in latest_benchmark_facts(la_code=la_code).items()
        }
    )


def _figure(indicator_id: str, fact: dict) -> str:
    indicator = load_catalogue()[indicator_id]
    shown = presentation.format_value(fact["value"], fact["symbol"], indicator)
    return f"{shown}, {presentation.indicator_period(indicator, fact['year'])}"
