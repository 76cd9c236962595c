"""The indicator catalogue: ``catalogue.yaml`` loaded, checked and turned into dataclasses.

The YAML is the single place an indicator is defined: its stable id, unit, polarity, where its
figures come from (an EES dataset, a column and filter values), how a derived indicator is
computed, which National Framework outcome or enabler and which Isos enabler it speaks to, and
when a year's figures became public. The file is read and checked against :data:`SCHEMA` by the
shared data-file loader; a broken file fails with :class:`CatalogueError`, naming the file, the
path inside it and the problem.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from journeys.common.datafiles import DataFileError, Problem, load_yaml
from journeys.evidence.records import PERIOD_KINDS

CATALOGUE_YAML = Path(__file__).parent / "catalogue.yaml"

KINDS = ("statistic", "derived", "component", "judgement")
POLARITIES = ("higher_is_better", "higher_is_worse", "neither")
# The file formats a dataset's figures arrive in (each read by its own parser in formats/).
SOURCE_FORMATS = ("ees", "mhclg_revenue_outturn", "fingertips")


class CatalogueError(DataFileError):
    """The catalogue file is missing, not YAML, or broken; says where in it and what is wrong."""


@dataclass(frozen=True)
class ReleaseRule:
    """When the figures for a year became public: (year + year_offset)-month-day."""

    id: str
    description: str
    year_offset: int
    month: int
    day: int

    def published(self, year: int) -> date:
        return date(year + self.year_offset, self.month, self.day)


@dataclass(frozen=True)
class Unit:
    id: str
    title: str
    change: str  # how a change is worded, e.g. "points" for a percentage
    decimals: int = 1  # decimal places its figures are shown with


@dataclass(frozen=True)
class Dataset:
    """A published dataset, recognised by having all of its required columns."""

    id: str
    title: str
    required_columns: tuple[str, ...]
    release: ReleaseRule
    period_kind: str  # a key of records.PERIOD_KINDS: what a year of this dataset means
    source_format: str = "ees"  # one of SOURCE_FORMATS
    not_loaded: str = ""  # why a dataset Journeys recognises feeds no indicator, e.g. superseded

    def recognises(self, columns: tuple[str, ...] | list[str]) -> bool:
        return set(self.required_columns) <= set(columns)


@dataclass(frozen=True)
class Derivation:
    """numerator ÷ denominator × multiplier, the denominator taken from year + offset."""

    numerator: str
    denominator: str
    multiplier: float
    denominator_year_offset: int = 0
    # The share not in the numerator: multiplier − numerator ÷ denominator × multiplier
    # (e.g. spend not on children looked after as a share of all children's social care).
    complement: bool = False
    numerator_also: tuple[str, ...] = ()  # further indicators added to the numerator

    def parts(self) -> list[tuple[str, str]]:
        """(role, indicator id) of every input."""
        return [
            ("numerator", self.numerator),
            *(("numerator_also", also) for also in self.numerator_also),
            ("denominator", self.denominator),
        ]

    @property
    def inputs(self) -> set[str]:
        return {name for _, name in self.parts()}


@dataclass(frozen=True)
class Indicator:
    id: str
    kind: str  # one of KINDS
    title: str
    unit: Unit
    polarity: str  # one of POLARITIES
    description: str = ""
    dataset: Dataset | None = None
    column: str | None = None
    filters: Mapping[str, str] = field(default_factory=dict)
    derivation: Derivation | None = None
    judgement: str | None = None  # "overall" or a key of records.SUB_JUDGEMENTS
    national_framework: str | None = None
    isos_enabler: str | None = None
    period_kind: str | None = None  # a derived indicator's is its numerator's; judgements have none

    @property
    def is_shown(self) -> bool:
        """Components only feed derived indicators; everything else appears on pages."""
        return self.kind != "component"


@dataclass(frozen=True)
class DashboardMetric:
    """One metric of DfE's "Children's social care: outcomes and enablers" dashboard.

    ``held_by`` names the catalogue indicators that carry it; an empty tuple means Journeys
    does not hold it, and ``missing`` says why.
    """

    number: int  # the dashboard's sort_order
    title: str
    section: str  # the National Framework outcome or enabler the dashboard files it under
    held_by: tuple[str, ...] = ()
    missing: str = ""
    note: str = ""  # how a held metric differs from the dashboard's, where it does


@dataclass(frozen=True)
class Catalogue:
    indicators: Mapping[str, Indicator]
    datasets: Mapping[str, Dataset]
    release_rules: Mapping[str, ReleaseRule]
    units: Mapping[str, Unit]
    national_framework: Mapping[str, str]
    isos_enablers: Mapping[str, str]
    dashboard_metrics: tuple[DashboardMetric, ...] = ()

    def __getitem__(self, indicator_id: str) -> Indicator:
        return self.indicators[indicator_id]

    def of_kind(self, *kinds: str) -> list[Indicator]:
        return [i for i in self.indicators.values() if i.kind in kinds]

    def for_dataset(self, dataset_id: str) -> list[Indicator]:
        return [i for i in self.indicators.values() if i.dataset and i.dataset.id == dataset_id]

    def published(self, indicator_id: str, year: int) -> date | None:
        """When the indicator's figure for a year became public (derived: the later input)."""
        indicator = self.indicators[indicator_id]
        if indicator.dataset:
            return indicator.dataset.release.published(year)
        if indicator.derivation:
            derivation = indicator.derivation
            return max(
                *(self.published(n, year) for n in (derivation.numerator, *derivation.numerator_also)),  # type: ignore[type-var]
                self.published(derivation.denominator, year + derivation.denominator_year_offset),
            )
        return None


_NAME = {"type": "string", "minLength": 1}
_ID = {
    "type": "string",
    "pattern": "^[a-z][a-z0-9_]*$",
    "description": "lower-case letters, digits and underscores, starting with a letter",
}

SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": [
        "version",
        "release_rules",
        "units",
        "national_framework",
        "isos_enablers",
        "datasets",
        "indicators",
        "dashboard_metrics",
    ],
    "additionalProperties": False,
    "properties": {
        "version": {"const": 1},
        "release_rules": {
            "type": "object",
            "propertyNames": _ID,
            "additionalProperties": {
                "type": "object",
                "required": ["description", "year_offset", "month", "day"],
                "additionalProperties": False,
                "properties": {
                    "description": _NAME,
                    "year_offset": {"type": "integer", "minimum": -1, "maximum": 2},
                    "month": {"type": "integer", "minimum": 1, "maximum": 12},
                    "day": {"type": "integer", "minimum": 1, "maximum": 31},
                },
            },
        },
        "units": {
            "type": "object",
            "propertyNames": _ID,
            "additionalProperties": {
                "type": "object",
                "required": ["title", "change"],
                "additionalProperties": False,
                "properties": {
                    "title": _NAME,
                    "change": {"type": "string"},
                    "decimals": {"type": "integer", "minimum": 0, "maximum": 3},
                },
            },
        },
        "national_framework": {"type": "object", "propertyNames": _ID, "additionalProperties": _NAME},
        "isos_enablers": {"type": "object", "propertyNames": _ID, "additionalProperties": _NAME},
        "datasets": {
            "type": "object",
            "propertyNames": _ID,
            "additionalProperties": {
                "type": "object",
                "required": ["title", "required_columns", "release", "period"],
                "additionalProperties": False,
                "properties": {
                    "title": _NAME,
                    "required_columns": {"type": "array", "items": _NAME, "minItems": 1},
                    "release": _ID,
                    "period": {"enum": list(PERIOD_KINDS)},
                    "format": {"enum": list(SOURCE_FORMATS)},
                    "not_loaded": _NAME,
                },
            },
        },
        "indicators": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["id", "kind", "title", "unit", "polarity"],
                "additionalProperties": False,
                "properties": {
                    "id": _ID,
                    "kind": {"enum": list(KINDS)},
                    "title": _NAME,
                    "description": {"type": "string"},
                    "unit": _ID,
                    "polarity": {"enum": list(POLARITIES)},
                    "dataset": _ID,
                    "column": _NAME,
                    "filters": {"type": "object", "additionalProperties": _NAME},
                    "derivation": {
                        "type": "object",
                        "required": ["numerator", "denominator", "multiplier"],
                        "additionalProperties": False,
                        "properties": {
                            "numerator": _ID,
                            "denominator": _ID,
                            "multiplier": {"type": "number", "exclusiveMinimum": 0},
                            "denominator_year_offset": {"type": "integer"},
                            "complement": {"type": "boolean"},
                            "numerator_also": {"type": "array", "items": _ID},
                        },
                    },
                    "judgement": _ID,
                    "national_framework": _ID,
                    "isos_enabler": _ID,
                },
                # What each kind needs: where its data comes from, and what it speaks to.
                "allOf": [
                    {
                        "if": {"properties": {"kind": {"enum": ["statistic", "component"]}}},
                        "then": {"required": ["dataset", "column"]},
                    },
                    {
                        "if": {"properties": {"kind": {"const": "derived"}}},
                        "then": {"required": ["derivation"]},
                    },
                    {
                        "if": {"properties": {"kind": {"const": "judgement"}}},
                        "then": {"required": ["judgement"]},
                    },
                    {
                        "if": {"properties": {"kind": {"enum": ["statistic", "derived", "judgement"]}}},
                        "then": {"required": ["national_framework", "isos_enabler"]},
                    },
                ],
            },
        },
        "dashboard_metrics": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["number", "title", "section"],
                "additionalProperties": False,
                "properties": {
                    "number": {"type": "integer", "minimum": 1},
                    "title": _NAME,
                    "section": _ID,
                    "held_by": {"type": "array", "items": _ID, "minItems": 1},
                    "missing": _NAME,
                    "note": _NAME,
                },
                "oneOf": [{"required": ["held_by"]}, {"required": ["missing"]}],
            },
        },
    },
}


def load_catalogue(path: Path = CATALOGUE_YAML) -> Catalogue:
    """Load and check a catalogue file (the project's own by default, cached)."""
    return _load(Path(path).resolve())


@cache
def _load(path: Path) -> Catalogue:
    return _build(path, load_yaml(path, SCHEMA, error=CatalogueError))


def _build(path: Path, data: dict[str, Any]) -> Catalogue:
    def check(condition: bool, location: str, problem: str) -> None:
        if not condition:
            raise CatalogueError(path, Problem(location, problem))

    rules = {key: ReleaseRule(id=key, **value) for key, value in data["release_rules"].items()}
    for key, rule in rules.items():
        try:
            rule.published(2000)
        except ValueError as error:
            raise CatalogueError(path, Problem(f"release_rules.{key}", f"not a date: {error}")) from None
    units = {key: Unit(id=key, **value) for key, value in data["units"].items()}
    datasets: dict[str, Dataset] = {}
    for key, value in data["datasets"].items():
        check(
            value["release"] in rules, f"datasets.{key}.release", f"unknown release rule {value['release']!r}"
        )
        datasets[key] = Dataset(
            id=key,
            title=value["title"],
            required_columns=tuple(value["required_columns"]),
            release=rules[value["release"]],
            period_kind=value["period"],
            source_format=value.get("format", "ees"),
            not_loaded=value.get("not_loaded", ""),
        )

    indicators: dict[str, Indicator] = {}
    for number, entry in enumerate(data["indicators"]):
        where = f"indicators[{number}]"
        check(entry["id"] not in indicators, f"{where}.id", f"duplicate indicator id {entry['id']!r}")
        check(entry["unit"] in units, f"{where}.unit", f"unknown unit {entry['unit']!r}")
        for key, known in (
            ("national_framework", data["national_framework"]),
            ("isos_enabler", data["isos_enablers"]),
        ):
            if key in entry:
                check(entry[key] in known, f"{where}.{key}", f"unknown {key} {entry[key]!r}")
        dataset = None
        if "dataset" in entry:
            check(entry["dataset"] in datasets, f"{where}.dataset", f"unknown dataset {entry['dataset']!r}")
            dataset = datasets[entry["dataset"]]
        derivation = (
            Derivation(
                **{
                    **entry["derivation"],
                    "numerator_also": tuple(entry["derivation"].get("numerator_also", ())),
                }
            )
            if "derivation" in entry
            else None
        )
        indicators[entry["id"]] = Indicator(
            id=entry["id"],
            kind=entry["kind"],
            title=entry["title"],
            description=entry.get("description", ""),
            unit=units[entry["unit"]],
            polarity=entry["polarity"],
            dataset=dataset,
            column=entry.get("column"),
            filters=dict(entry.get("filters", {})),
            derivation=derivation,
            judgement=entry.get("judgement"),
            national_framework=entry.get("national_framework"),
            isos_enabler=entry.get("isos_enabler"),
            period_kind=dataset.period_kind if dataset else None,
        )

    # Derivations may only refer to indicators read from files, so they resolve in one step.
    for number, entry in enumerate(data["indicators"]):
        derivation = indicators[entry["id"]].derivation
        if derivation:
            for part, name in derivation.parts():
                target = indicators.get(name)
                check(
                    target is not None and target.dataset is not None,
                    f"indicators[{number}].derivation.{part}",
                    f"{name!r} is not an indicator read from a dataset",
                )
            numerator = indicators[derivation.numerator]
            indicators[entry["id"]] = replace(indicators[entry["id"]], period_kind=numerator.period_kind)

    metrics: list[DashboardMetric] = []
    for number, entry in enumerate(data["dashboard_metrics"]):
        where = f"dashboard_metrics[{number}]"
        check(
            entry["number"] not in {m.number for m in metrics},
            f"{where}.number",
            f"metric {entry['number']} is listed twice",
        )
        check(
            entry["section"] in data["national_framework"],
            f"{where}.section",
            f"unknown National Framework outcome or enabler {entry['section']!r}",
        )
        for held in entry.get("held_by", []):
            check(held in indicators, f"{where}.held_by", f"unknown indicator {held!r}")
        metrics.append(
            DashboardMetric(
                number=entry["number"],
                title=entry["title"],
                section=entry["section"],
                held_by=tuple(entry.get("held_by", ())),
                missing=entry.get("missing", ""),
                note=entry.get("note", ""),
            )
        )
    return Catalogue(
        indicators=indicators,
        datasets=datasets,
        release_rules=rules,
        units=units,
        national_framework=dict(data["national_framework"]),
        isos_enablers=dict(data["isos_enablers"]),
        dashboard_metrics=tuple(sorted(metrics, key=lambda m: m.number)),
    )
