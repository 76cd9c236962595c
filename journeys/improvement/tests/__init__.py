"""Real-data loading shared by the journeys tests: the evidence parsers and merge, never copies."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from journeys.evidence.formats import parse
from journeys.evidence.inspections import merge_inspections
from journeys.evidence.records import Inspection, Observation

# Most trusted first, as merge_inspections expects: Ofsted's official statistics, then D2I's scrape.
INSPECTION_FILES = (
    "ofsted-la-inspection-outcomes/ofsted_ilacs_inspection_history_2018_2025.csv",
    "ofsted-la-inspection-outcomes/ofsted_la_inyear_inspections_2024_25.csv",
    "ofsted-la-inspection-outcomes/ofsted_la_inspections_as_at_31_march_2025.csv",
    "ofsted-la-inspection-outcomes/ofsted_la_inspections_2009_2023_wide.csv",
    "ofsted-ilacs-latest/ofsted_ilacs_history_2023_2026.csv",
)
OBSERVATION_FILES = (
    "dfe-csc-ees/csww_indicators_2017_to_2025.csv",
    "dfe-csc-ees/c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv",
    "dfe-csc-ees/d3_cpps_subsequent_plan_2013_to_2025.csv",
)
NEIGHBOUR_FILES = (  # the April 2021 model first: it is closer in time to most backtest inspections
    "dfe-statistical-neighbours/New_Statistical_Neighbour_Groupings_April_2021.csv",
    "dfe-statistical-neighbours/sn_model_2025_wide.csv",
)


@cache
def real_inspections(shared_data: Path) -> tuple[Inspection, ...]:
    return tuple(merge_inspections([parse(shared_data / name).inspections for name in INSPECTION_FILES]))


@cache
def real_observations(shared_data: Path) -> tuple[Observation, ...]:
    return tuple(o for name in OBSERVATION_FILES for o in parse(shared_data / name).observations)


@cache
def real_neighbours(shared_data: Path) -> dict[str, tuple[str, ...]]:
    """LA code -> its statistical neighbours, closest first, from the first model that has the LA."""
    neighbours: dict[str, tuple[str, ...]] = {}
    for name in NEIGHBOUR_FILES:
        links = sorted(parse(shared_data / name).neighbours, key=lambda link: link.rank)
        found: dict[str, list[str]] = {}
        for link in links:
            found.setdefault(link.la_code, []).append(link.neighbour_code)
        for code, codes in found.items():
            neighbours.setdefault(code, tuple(codes))
    return neighbours
