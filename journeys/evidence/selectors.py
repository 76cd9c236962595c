"""Reads of published evidence, for pages, the API, the CLI and other apps' calculations.

Published statistics and inspection outcomes are public, so nothing here is scoped to a user.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Max, QuerySet

from journeys.authorities.models import LocalAuthority
from journeys.evidence.catalogue import Indicator, load_catalogue
from journeys.evidence.models import (
    Benchmark,
    DataImport,
    InspectionRecord,
    NeighbourLink,
    Observation,
)
from journeys.evidence.records import FRAMEWORKS, GRADE_LABELS, SUB_JUDGEMENTS, SYMBOLS, Grade, Inspection
from journeys.evidence.records import Observation as ObservationRecord
from journeys.evidence.services import as_inspection

# The neighbour model read when none is named: the newest DfE model that is loaded.
NEIGHBOUR_MODEL_PREFERENCE = ("dfe-2025", "dfe-2021")


def shown_indicators() -> list[Indicator]:
    """Catalogue indicators that have figures (statistics and derived), in catalogue order."""
    return load_catalogue().of_kind("statistic", "derived")


def inspection_records(*, la_codes: list[str] | None = None) -> list[Inspection]:
    """The merged inspection history (former LAs included), as plain records, by LA and date."""
    rows = InspectionRecord.objects.all()
    if la_codes is not None:
        rows = rows.filter(la_code__in=la_codes)
    return [as_inspection(row, row.la_code) for row in rows]


def observation_records(*, indicators: list[str] | None = None) -> list[ObservationRecord]:
    """Every stored figure (LAs, regions and England) as plain records."""
    rows = Observation.objects.all()
    if indicators is not None:
        rows = rows.filter(indicator__in=indicators)
    return [
        ObservationRecord(area, indicator, year, value, symbol or None, published)
        for area, indicator, year, value, symbol, published in rows.order_by(
            "indicator", "area", "year"
        ).values_list("area", "indicator", "year", "value", "symbol", "published")
    ]


def neighbour_map(*, model: str | None = None) -> dict[str, list[str]]:
    """LA code → its statistical neighbours, closest first, in one model (default: the newest)."""
    if model is None:
        loaded = set(NeighbourLink.objects.values_list("model", flat=True).distinct())
        model = next((m for m in NEIGHBOUR_MODEL_PREFERENCE if m in loaded), min(loaded, default=None))
        if model is None:
            return {}
    neighbours: dict[str, list[str]] = defaultdict(list)
    for la_code, neighbour in (
        NeighbourLink.objects.filter(model=model)
        .order_by("la_code", "rank")
        .values_list("la_code", "neighbour_code")
    ):
        neighbours[la_code].append(neighbour)
    return dict(neighbours)


def benchmark_rows(
    *, la_code: str, year: int | None = None, indicator: str | None = None
) -> QuerySet[Benchmark]:
    """Stored benchmarks of one LA, by indicator and year."""
    rows = Benchmark.objects.filter(la_code=la_code)
    if year is not None:
        rows = rows.filter(year=year)
    if indicator is not None:
        rows = rows.filter(indicator=indicator)
    return rows.order_by("indicator", "year")


def latest_benchmark_facts(*, la_code: str) -> dict[str, dict]:
    """For each indicator, the LA's latest year: value, symbol, quartile, trend direction, year, title."""
    catalogue = load_catalogue()
    facts: dict[str, dict] = {}
    for row in Benchmark.objects.filter(la_code=la_code).order_by("indicator", "-year"):
        if row.indicator in facts or row.indicator not in catalogue.indicators:
            continue
        facts[row.indicator] = {
            "value": row.value,
            "symbol": row.symbol or None,
            "quartile": row.quartile,
            "trend_direction": row.trend_direction or None,
            "year": row.year,
            "title": catalogue[row.indicator].title,
        }
    return facts


def is_demonstration() -> bool:
    """Whether the evidence held is Journeys' generated demonstration data."""
    return DataImport.objects.filter(is_demo=True).exists()


def evidence_version() -> str:
    """Changes whenever evidence is imported or removed: keys caches of anything drawn from it.

    The latest import's time is part of it, so a database restored from a backup (or rolled
    back) and then imported into again cannot repeat a version drawn from other evidence."""
    state = DataImport.objects.aggregate(latest=Max("pk"), count=Count("pk"), at=Max("imported_at"))
    at = state["at"].timestamp() if state["at"] else 0
    return f"{state['latest'] or 0}.{state['count']}.{at}"


def import_list() -> QuerySet[DataImport]:
    return DataImport.objects.all()


# --- Presentation helpers shared by pages, the API and the CLI ---------------------------------


def format_value(value: float | None, symbol: str | None, indicator: Indicator) -> str:
    """A figure as text: the number with its unit's precision, or what its symbol means."""
    if symbol:
        return f"[{symbol}] {SYMBOLS.get(symbol, symbol).capitalize()}"
    if value is None:
        return "No figure"
    if indicator.unit.id == "count":
        return f"{value:,.0f}"
    text = f"{value:,.1f}"
    return f"{text}%" if indicator.unit.id == "percent" else text


def benchmark_as_dict(row: Benchmark) -> dict:
    """The stable machine-readable form of a benchmark (API and CLI)."""
    return {
        "indicator": row.indicator,
        "year": row.year,
        "value": row.value,
        "symbol": row.symbol or None,
        "derived": row.derived,
        "neighbour_mean": row.neighbour_mean,
        "neighbours_used": row.neighbours_used,
        "neighbour_model": row.neighbour_model or None,
        "region": row.region or None,
        "region_value": row.region_value,
        "region_symbol": row.region_symbol or None,
        "england_value": row.england_value,
        "england_symbol": row.england_symbol or None,
        "rank": row.rank,
        "ranked": row.ranked,
        "quartile": row.quartile,
        "trend": (
            {
                "direction": row.trend_direction,
                "slope": row.trend_slope,
                "first_year": row.trend_first_year,
                "last_year": row.trend_last_year,
                "points": row.trend_points,
                "summary": row.trend_summary,
            }
            if row.trend_direction
            else None
        ),
        "joint_return": row.joint_return or None,
    }


def la_indicator_values(*, la_code: str, year: int | None = None) -> list[dict]:
    """An LA's own published figures (no comparators), stable and machine-readable."""
    catalogue = load_catalogue()
    rows = Benchmark.objects.filter(la_code=la_code)
    if year is not None:
        rows = rows.filter(year=year)
    return [
        {
            "indicator": row.indicator,
            "title": catalogue[row.indicator].title,
            "unit": catalogue[row.indicator].unit.id,
            "year": row.year,
            "value": row.value,
            "symbol": row.symbol or None,
            "symbol_meaning": SYMBOLS.get(row.symbol) if row.symbol else None,
            "derived": row.derived,
            "joint_return": row.joint_return or None,
        }
        for row in rows.order_by("indicator", "year")
        if row.indicator in catalogue.indicators
    ]


@dataclass(frozen=True)
class HistoryRow:
    """One event of an LA's inspection history, ready to show."""

    record: InspectionRecord
    inherited_from: LocalAuthority | None

    @property
    def framework_title(self) -> str:
        return FRAMEWORKS.get(self.record.framework, self.record.framework)

    @property
    def overall_label(self) -> str:
        return grade_label(self.record.overall)

    def sub_judgement_labels(self) -> dict[str, str]:
        return {key: grade_label(getattr(self.record, key)) for key in SUB_JUDGEMENTS}


def grade_label(value: int | None) -> str:
    return GRADE_LABELS[Grade(value)] if value is not None else ""


def inspection_history(*, authority: LocalAuthority) -> list[HistoryRow]:
    """The LA's inspections and visits with its predecessors' (e.g. Cumberland's from Cumbria), by date."""
    lineage: dict[str, LocalAuthority | None] = {authority.old_la_code: None}
    pending = list(authority.predecessors.all())
    while pending:
        predecessor = pending.pop()
        if predecessor.old_la_code not in lineage:
            lineage[predecessor.old_la_code] = predecessor
            pending.extend(predecessor.predecessors.all())
    rows = InspectionRecord.objects.filter(la_code__in=list(lineage))
    events = [HistoryRow(row, lineage[row.la_code]) for row in rows]
    return sorted(events, key=lambda e: e.record.start_date or e.record.published)


def inspection_as_dict(event: HistoryRow) -> dict:
    record = event.record
    return {
        "la_code": record.la_code,
        "inherited_from": event.inherited_from.name if event.inherited_from else None,
        "framework": record.framework,
        "framework_title": event.framework_title,
        "kind": record.kind,
        "theme": record.theme or None,
        "start_date": record.start_date.isoformat() if record.start_date else None,
        "published": record.published.isoformat() if record.published else None,
        "overall": event.overall_label or None,
        "sub_judgements": {key: label or None for key, label in event.sub_judgement_labels().items()},
        "sources": record.sources,
    }


def indicator_ranking(
    *, indicator: str, year: int, region: str | None = None
) -> list[tuple[Benchmark, LocalAuthority]]:
    """Every current LA's benchmark for an indicator and year, best rank first (unranked last)."""
    authorities = {
        a.old_la_code: a for a in LocalAuthority.objects.filter(status=LocalAuthority.Status.CURRENT)
    }
    rows = Benchmark.objects.filter(indicator=indicator, year=year, la_code__in=list(authorities))
    if region:
        rows = rows.filter(region=region)
    ranked = [(row, authorities[row.la_code]) for row in rows]
    return sorted(ranked, key=lambda pair: (pair[0].rank is None, pair[0].rank or 0, pair[1].name))


def indicator_years(*, indicator: str) -> list[int]:
    return sorted(
        set(Benchmark.objects.filter(indicator=indicator).values_list("year", flat=True)), reverse=True
    )


def comparators(*, indicator: str) -> dict[tuple[str, int], tuple[float | None, str | None]]:
    """Published region and England figures of an indicator: (area, year) → (value, symbol)."""
    return {
        (area, year): (value, symbol or None)
        for area, year, value, symbol in Observation.objects.filter(indicator=indicator)
        .exclude(area__regex=r"^\d{3}$")
        .values_list("area", "year", "value", "symbol")
    }
