"""API for published evidence: the indicator catalogue, an LA's figures, benchmarks and inspections.

All of it is public data. A suppressed figure is ``{"value": null, "symbol": "c"}``, never zero.
"""

from ninja import Field, Router, Schema, Status

from journeys.authorities.models import LocalAuthority
from journeys.authorities.selectors import authority_get
from journeys.evidence.catalogue import load_catalogue

from .selectors import (
    benchmark_as_dict,
    benchmark_rows,
    inspection_as_dict,
    inspection_history,
    la_indicator_values,
    la_neighbour_groups,
    neighbour_group_as_dict,
    shown_indicators,
)

indicators_router = Router(tags=["Evidence"])
router = Router(tags=["Evidence"])


class ProblemOut(Schema):
    detail: str


class IndicatorOut(Schema):
    id: str
    title: str
    description: str
    kind: str
    unit: str
    unit_title: str
    polarity: str
    dataset: str | None
    period_kind: str | None = Field(description="What a year means: reporting_year, academic_year, …")
    source_url: str | None = Field(description="The page of the publication the figures come from")
    national_framework: str | None
    isos_enabler: str | None


class ValueOut(Schema):
    indicator: str
    title: str
    unit: str
    year: int = Field(description="The year the period ends in")
    period_kind: str
    period: str = Field(description='The period as the publisher heads it, e.g. "2024/25" or "2025"')
    value: float | None
    symbol: str | None
    symbol_meaning: str | None
    shown: str = Field(description='The figure as every page and document shows it, e.g. "12.4%"')
    period_name: str = Field(description='The period in words, e.g. "at 30 September 2025"')
    derived: bool
    joint_return: str | None


class TrendOut(Schema):
    direction: str
    slope: float
    first_year: int
    last_year: int
    points: int
    summary: str


class OtherNeighboursOut(Schema):
    model: str = Field(description='The other model that covers the year, e.g. "dfe-2021"')
    model_name: str
    mean: float | None = Field(description="The mean of the LA's neighbours under that model")
    used: int = Field(description="How many of those neighbours had a figure")


class BenchmarkOut(Schema):
    indicator: str
    year: int = Field(description="The year the period ends in")
    period_kind: str
    period: str = Field(description='The period as the publisher heads it, e.g. "2024/25" or "2025"')
    period_name: str = Field(description='The period in words, e.g. "year to 31 March 2025"')
    value: float | None
    symbol: str | None
    derived: bool
    neighbour_mean: float | None
    neighbours_used: int
    neighbour_model: str | None = Field(description="The neighbour model in force for the year")
    neighbour_model_name: str
    other_neighbours: OtherNeighboursOut | None = Field(
        description="The neighbour mean under another model that also covers the year, if any"
    )
    region: str | None
    region_value: float | None
    region_symbol: str | None
    england_value: float | None
    england_symbol: str | None
    rank: int | None
    ranked: int
    quartile: int | None
    trend: TrendOut | None
    joint_return: str | None


class NeighbourOut(Schema):
    rank: int = Field(description="1 is the closest")
    code: str = Field(description="The neighbour's DfE LA code")
    name: str
    band: str | None = Field(description='Closeness as DfE gives it, e.g. "Very close"')
    is_current: bool = Field(description="False for a former LA (listed by the 2021 groupings)")


class NeighbourModelOut(Schema):
    model: str = Field(description='"dfe-2025" or "dfe-2021"')
    model_name: str
    in_force: bool = Field(description="Whether the model is used for the LA's latest figures")
    used_for: str = Field(description='Which figures it is used for, e.g. "figures for 2025 onwards"')
    neighbours: list[NeighbourOut]


class BenchmarksOut(Schema):
    la_code: str
    la_name: str
    neighbour_models: list[NeighbourModelOut] = Field(description="The model in force first")
    benchmarks: list[BenchmarkOut]


class InspectionOut(Schema):
    la_code: str
    inherited_from: str | None
    framework: str
    framework_title: str
    kind: str
    theme: str | None
    start_date: str | None
    published: str | None
    overall: str | None
    sub_judgements: dict[str, str | None]
    sources: list[str]


def _not_found(code: str):
    return Status(404, {"detail": f"No local authority matches {code!r}."})


@indicators_router.get("", response=list[IndicatorOut], summary="The indicator catalogue")
def list_indicators(request):
    catalogue = load_catalogue()
    return [
        {
            "id": i.id,
            "title": i.title,
            "description": i.description,
            "kind": i.kind,
            "unit": i.unit.id,
            "unit_title": i.unit.title,
            "polarity": i.polarity,
            "dataset": i.dataset.id if i.dataset else None,
            "period_kind": i.period_kind,
            "source_url": source.source_url if (source := i.source(catalogue.indicators)) else None,
            "national_framework": i.national_framework,
            "isos_enabler": i.isos_enabler,
        }
        for i in shown_indicators()
    ]


@router.get(
    "/{code}/indicators",
    response={200: list[ValueOut], 404: ProblemOut},
    summary="An LA's published figures, for every year or one",
)
def la_indicators(request, code: str, year: int | None = None):
    try:
        authority = authority_get(query=code)
    except LocalAuthority.DoesNotExist:
        return _not_found(code)
    return Status(200, la_indicator_values(la_code=authority.old_la_code, year=year))


@router.get(
    "/{code}/benchmarks",
    response={200: BenchmarksOut, 404: ProblemOut, 422: ProblemOut},
    summary="An LA's statistical neighbours, and its figures against them, its region and England",
)
def la_benchmarks(request, code: str, year: int | None = None, indicator: str | None = None):
    try:
        authority = authority_get(query=code)
    except LocalAuthority.DoesNotExist:
        return _not_found(code)
    if indicator is not None and indicator not in load_catalogue().indicators:
        return Status(422, {"detail": f"Unknown indicator {indicator!r}; see /api/v1/indicators."})
    rows = benchmark_rows(la_code=authority.old_la_code, year=year, indicator=indicator)
    return Status(
        200,
        {
            "la_code": authority.old_la_code,
            "la_name": authority.name,
            "neighbour_models": [
                neighbour_group_as_dict(g) for g in la_neighbour_groups(la_code=authority.old_la_code)
            ],
            "benchmarks": [benchmark_as_dict(row) for row in rows],
        },
    )


@router.get(
    "/{code}/inspections",
    response={200: list[InspectionOut], 404: ProblemOut},
    summary="An LA's inspections and visits, its predecessors' included",
)
def la_inspections(request, code: str):
    try:
        authority = authority_get(query=code)
    except LocalAuthority.DoesNotExist:
        return _not_found(code)
    return Status(200, [inspection_as_dict(event) for event in inspection_history(authority=authority)])
