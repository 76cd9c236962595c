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
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from journeys.common.datafiles import DataFileError, Problem, load_yaml

CATALOGUE_YAML = Path(__file__).parent / "catalogue.yaml"

KINDS = ("statistic", "derived", "component", "judgement")
POLARITIES = ("higher_is_better", "higher_is_worse", "neither")


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
    """An EES dataset, recognised by having all of its required columns."""

    id: str
    title: str
    required_columns: tuple[str, ...]
    release: ReleaseRule

    def recognises(self, columns: tuple[str, ...] | list[str]) -> bool:
        return set(self.required_columns) <= set(columns)


@dataclass(frozen=True)
class Derivation:
    """numerator ÷ denominator × multiplier, the denominator taken from year + offset."""

    numerator: str
    denominator: str
    multiplier: float
    denominator_year_offset: int = 0


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

    @property
    def is_shown(self) -> bool:
        """Components only feed derived indicators; everything else appears on pages."""
        return self.kind != "component"


@dataclass(frozen=True)
class Catalogue:
    indicators: Mapping[str, Indicator]
    datasets: Mapping[str, Dataset]
    release_rules: Mapping[str, ReleaseRule]
    units: Mapping[str, Unit]
    national_framework: Mapping[str, str]
    isos_enablers: Mapping[str, str]

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
                self.published(derivation.numerator, year),  # type: ignore[type-var]
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
                "required": ["title", "required_columns", "release"],
                "additionalProperties": False,
                "properties": {
                    "title": _NAME,
                    "required_columns": {"type": "array", "items": _NAME, "minItems": 1},
                    "release": _ID,
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
        derivation = Derivation(**entry["derivation"]) if "derivation" in entry else None
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
        )

    # Derivations may only refer to indicators read from files, so they resolve in one step.
    for number, entry in enumerate(data["indicators"]):
        derivation = indicators[entry["id"]].derivation
        if derivation:
            for part in ("numerator", "denominator"):
                target = indicators.get(getattr(derivation, part))
                check(
                    target is not None and target.dataset is not None,
                    f"indicators[{number}].derivation.{part}",
                    f"{getattr(derivation, part)!r} is not an indicator read from a dataset",
                )
    return Catalogue(
        indicators=indicators,
        datasets=datasets,
        release_rules=rules,
        units=units,
        national_framework=dict(data["national_framework"]),
        isos_enablers=dict(data["isos_enablers"]),
    )
