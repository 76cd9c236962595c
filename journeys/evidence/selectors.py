"""Reads of published evidence, for pages, the API, the CLI and other apps' calculations.

Published statistics and inspection outcomes are public, so nothing here is scoped to a user.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date

from django.db import connection
from django.db.models import QuerySet
from django.utils.dateparse import parse_datetime

from journeys.accounts import permissions
from journeys.authorities.models import LocalAuthority
from journeys.evidence import presentation
from journeys.evidence.catalogue import Indicator, load_catalogue
from journeys.evidence.models import (
    Benchmark,
    ComparisonGroup,
    DataImport,
    InspectionRecord,
    NeighbourLink,
    Observation,
    ReleaseCheck,
)
from journeys.evidence.records import FRAMEWORKS, GRADE_LABELS, SUB_JUDGEMENTS, Grade, Inspection
from journeys.evidence.records import Observation as ObservationRecord
from journeys.evidence.releases import Release, load_releases
from journeys.evidence.services import NEIGHBOUR_MODELS_IN_FORCE, as_inspection, release_last_fetched

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


@dataclass(frozen=True)
class NamedNeighbour:
    """One statistical neighbour of an LA, closest first, with DfE's closeness band."""

    rank: int
    code: str
    name: str
    band: str | None
    is_current: bool


@dataclass(frozen=True)
class NeighbourGroup:
    """An LA's neighbours under one model, and which of its figures the model is used for."""

    model: str
    in_force: bool  # the model of the LA's latest figures
    first_year: int | None  # the first figures it is used for
    next_year: int | None  # the first figures the next model is used for (None: still in force)
    neighbours: tuple[NamedNeighbour, ...]

    @property
    def model_name(self) -> str:
        return presentation.neighbour_model_name(self.model)

    @property
    def years(self) -> str:
        return presentation.neighbour_model_years(self.first_year, self.next_year)

    @property
    def codes(self) -> list[str]:
        return [n.code for n in self.neighbours]


def la_neighbour_groups(*, la_code: str) -> list[NeighbourGroup]:
    """The LA's statistical neighbours under every loaded model that lists it, the model in force
    first (DfE's 2025 model), then the ones it replaced (the April 2021 groupings)."""
    links = list(NeighbourLink.objects.filter(la_code=la_code).order_by("model", "rank"))
    names = {
        a.old_la_code: a
        for a in LocalAuthority.objects.filter(old_la_code__in={link.neighbour_code for link in links})
    }
    by_model: dict[str, list[NamedNeighbour]] = defaultdict(list)
    for link in links:
        authority = names.get(link.neighbour_code)
        by_model[link.model].append(
            NamedNeighbour(
                rank=link.rank,
                code=link.neighbour_code,
                name=authority.name if authority else link.neighbour_code,
                band=link.band or None,
                is_current=bool(authority and authority.is_current),
            )
        )
    order = [(model, start) for model, start in NEIGHBOUR_MODELS_IN_FORCE if model in by_model]
    order += [(model, None) for model in sorted(by_model) if model not in dict(order)]
    groups = []
    for position, (model, start) in enumerate(order):
        newer = order[position - 1][1] if position else None
        groups.append(
            NeighbourGroup(
                model=model,
                in_force=position == 0,
                # The oldest model is used for every year before it too.
                first_year=start if position + 1 < len(order) else None,
                next_year=newer,
                neighbours=tuple(by_model[model]),
            )
        )
    return groups


def neighbour_group_as_dict(group: NeighbourGroup) -> dict:
    """The stable machine-readable form of an LA's neighbours under one model (API)."""
    return {
        "model": group.model,
        "model_name": group.model_name,
        "in_force": group.in_force,
        "used_for": group.years,
        "neighbours": [
            {"rank": n.rank, "code": n.code, "name": n.name, "band": n.band, "is_current": n.is_current}
            for n in group.neighbours
        ],
    }


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
    """For each indicator, the LA's latest year: value, symbol, rank, quartile, neighbour model,
    trend direction, year, title."""
    catalogue = load_catalogue()
    facts: dict[str, dict] = {}
    # Plain values, not models: an LA holds hundreds of rows, and building each model costs more
    # than the query.
    fields = ("value", "symbol", "quartile", "rank", "ranked", "neighbour_model", "trend_direction", "year")
    rows = Benchmark.objects.filter(la_code=la_code).order_by("indicator", "-year")
    for indicator, *values in rows.values_list("indicator", *fields):
        if indicator in facts or indicator not in catalogue.indicators:
            continue
        fact = dict(zip(fields, values, strict=True))
        for blank_is_none in ("symbol", "neighbour_model", "trend_direction"):
            fact[blank_is_none] = fact[blank_is_none] or None
        facts[indicator] = fact | {"title": catalogue[indicator].title}
    return facts


def first_indicator_with_figures(*, la_code: str) -> str | None:
    """The first shown indicator, in catalogue order, the LA has figures for (to chart first)."""
    held = set(Benchmark.objects.filter(la_code=la_code).values_list("indicator", flat=True).distinct())
    return next((i.id for i in shown_indicators() if i.id in held), None)


def comparison_groups_for(*, user) -> QuerySet[ComparisonGroup]:
    """The user's own saved comparison groups, by name."""
    return ComparisonGroup.objects.filter(permissions.comparison_group_rule(user))


def comparison_group_get(*, user, pk: int) -> ComparisonGroup:
    """One of the user's groups; anyone else's raises ComparisonGroup.DoesNotExist."""
    return comparison_groups_for(user=user).get(pk=pk)


# Pages and members' briefings built on generated evidence must never pass it off as official.
DEMONSTRATION_NOTICE = (
    "Demonstration data – not official statistics. The figures and inspections were generated by "
    "Journeys for trying the service out."
)


def is_demonstration() -> bool:
    """Whether the evidence held is Journeys' generated demonstration data."""
    # Asked by every page (its notice), so a plain query: see evidence_version.
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT 1 FROM {DataImport._meta.db_table} WHERE is_demo LIMIT 1")
        return cursor.fetchone() is not None


def demonstration_notice() -> str | None:
    """The notice to show beside evidence, or None when the evidence held is official."""
    return DEMONSTRATION_NOTICE if is_demonstration() else None


def evidence_version() -> str:
    """Changes whenever evidence is imported or removed: keys caches of anything drawn from it.

    The latest import's time is part of it, so a database restored from a backup (or rolled
    back) and then imported into again cannot repeat a version drawn from other evidence."""
    # Every page drawn from evidence asks this, so it is a plain query: built by the ORM, it took
    # longer than reading the stored page it keys.
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX(id), COUNT(*), MAX(imported_at) FROM {DataImport._meta.db_table}")
        latest, count, at = cursor.fetchone()
    if isinstance(at, str):  # SQLite answers with the stored text, which is in UTC
        at = parse_datetime(at).replace(tzinfo=UTC)
    return f"{latest or 0}.{count}.{at.timestamp() if at else 0}"


def import_list() -> QuerySet[DataImport]:
    return DataImport.objects.all()


@dataclass(frozen=True)
class ReleaseState:
    """Where one release stands: when Journeys last got it and checked it, and what is next."""

    release: Release
    fetched: DataImport | None  # the file last fetched
    fetched_on: date | None
    checked: ReleaseCheck | None  # the last check, whatever came of it
    next_expected: date
    status: str  # see Release.status


def release_schedule(*, today: date) -> list[ReleaseState]:
    states = []
    for release in load_releases():
        fetched_on = release_last_fetched(release.id)
        states.append(
            ReleaseState(
                release=release,
                fetched=DataImport.objects.filter(release=release.id).first(),
                fetched_on=fetched_on,
                checked=ReleaseCheck.objects.filter(release=release.id).first(),
                next_expected=release.next_expected(fetched_on, today),
                status=release.status(fetched_on, today),
            )
        )
    return states


def release_checks(*, limit: int = 50) -> QuerySet[ReleaseCheck]:
    return ReleaseCheck.objects.select_related("data_import")[:limit]


# --- Machine-readable forms shared by the API and the CLI --------------------------------------


def benchmark_as_dict(row: Benchmark) -> dict:
    """The stable machine-readable form of a benchmark (API and CLI)."""
    return {
        "indicator": row.indicator,
        "year": row.year,
        "period_kind": row.period_kind,
        "period": presentation.period_short(row.period_kind, row.year),
        "period_name": presentation.period_name(row.period_kind, row.year),
        "value": row.value,
        "symbol": row.symbol or None,
        "derived": row.derived,
        "neighbour_mean": row.neighbour_mean,
        "neighbours_used": row.neighbours_used,
        "neighbour_model": row.neighbour_model or None,
        "neighbour_model_name": presentation.neighbour_model_name(row.neighbour_model),
        "other_neighbours": (
            {
                "model": row.other_neighbour_model,
                "model_name": presentation.neighbour_model_name(row.other_neighbour_model),
                "mean": row.other_neighbour_mean,
                "used": row.other_neighbours_used,
            }
            if row.other_neighbour_model
            else None
        ),
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
            "period_kind": row.period_kind,
            "period": presentation.period_short(row.period_kind, row.year),
            "value": row.value,
            "symbol": row.symbol or None,
            "symbol_meaning": presentation.symbol_meaning(row.symbol) if row.symbol else None,
            "shown": presentation.format_value(row.value, row.symbol or None, catalogue[row.indicator]),
            "period_name": presentation.indicator_period(catalogue[row.indicator], row.year),
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
