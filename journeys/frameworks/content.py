"""The improvement framework as versioned data: load, check and expose it.

Each framework version is a YAML file in ``content/`` (for example ``isos-2016.yaml``). Loading
a file reads and validates it against ``content/schema.yaml`` with the shared data-file loader
(:mod:`journeys.common.datafiles`), then checks what a schema cannot: that every stage and
enabler pair has statements, that ids are unique and carry the right stage and enabler codes,
that timescales name real stages, and that numbers run in order. The result is a tree of frozen
dataclasses.

A broken file raises :class:`FrameworkError`. Its message has one line per problem, in the form
``<file>: <path>: <problem>``, where the path points inside the file, such as
``enablers[3].name`` or ``characteristics.poor_to_fair.leadership_and_governance[1]``. List
positions count from 0. YAML syntax errors give a line and column instead of a path.

:func:`framework_from_dict` runs the same checks on plain data, such as the ``to_dict()`` form a
published version is stored in, so a stored version is rebuilt exactly as the file was loaded.

Pure Python, no Django imports: the CLI, the API and the publishing service all build on this.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, is_dataclass
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any

from journeys.common.datafiles import DataFileError, PathParts, Problem, check_data, load_yaml, location

FRAMEWORK_DIR = Path(__file__).parent / "content"
SCHEMA_FILE = FRAMEWORK_DIR / "schema.yaml"
DEFAULT_FRAMEWORK_FILE = FRAMEWORK_DIR / "isos-2016.yaml"


class FrameworkError(DataFileError):
    """A framework file, or stored framework data, cannot be used."""


# --- The framework -------------------------------------------------------------------------------
# Field names and order match the keys in the YAML file, so to_dict() mirrors the file.


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    author: str
    year: int


@dataclass(frozen=True)
class OfstedAnchor:
    """The Ofsted judgements usually seen at a stage; grade ids match ``records.Grade`` names."""

    grades: tuple[str, ...]
    text: str


@dataclass(frozen=True)
class Stage:
    id: str
    code: str  # two letters that start the ids of this stage's characteristics
    name: str
    summary: str
    description: str
    ofsted_anchor: OfstedAnchor
    signs: tuple[str, ...]
    slipping_back_risks: tuple[str, ...]


@dataclass(frozen=True)
class Enabler:
    id: str
    code: str  # two letters in the ids of this enabler's characteristics
    number: int
    name: str
    summary: str
    description: str
    workshops_stressed: tuple[str, ...]


@dataclass(frozen=True)
class Characteristic:
    """A statement of what an enabler looks like at a stage, which a council can check."""

    id: str
    text: str


@dataclass(frozen=True)
class Timescale:
    id: str
    applies_to: tuple[str, ...]  # stage ids
    months_low: int | None  # None where the source gives no figure
    months_high: int | None
    text: str
    source: str


@dataclass(frozen=True)
class Theme:
    id: str
    number: int
    title: str
    description: str


@dataclass(frozen=True)
class SystemSupport:
    id: str
    name: str
    explanation: str


@dataclass(frozen=True)
class SelfEvaluationQuestion:
    id: str
    question: str
    hint: str


@dataclass(frozen=True)
class Rating:
    id: str
    label: str
    value: int
    description: str


@dataclass(frozen=True)
class Framework:
    id: str
    version: int
    title: str
    description: str
    published: date
    sources: tuple[Source, ...]
    ofsted_note: str
    stages: tuple[Stage, ...]
    enablers: tuple[Enabler, ...]
    # (stage id, enabler id) -> statements; read-only, in stage then enabler order
    characteristics: Mapping[tuple[str, str], tuple[Characteristic, ...]]
    timescales: tuple[Timescale, ...]
    themes: tuple[Theme, ...]
    system_supports: tuple[SystemSupport, ...]
    self_evaluation_questions: tuple[SelfEvaluationQuestion, ...]
    ratings: tuple[Rating, ...]

    def stage(self, stage_id: str) -> Stage:
        return _find(self.stages, stage_id, "stage")

    def enabler(self, enabler_id: str) -> Enabler:
        return _find(self.enablers, enabler_id, "enabler")

    def cell(self, stage_id: str, enabler_id: str) -> tuple[Characteristic, ...]:
        """The statements for one enabler at one stage."""
        try:
            return self.characteristics[(stage_id, enabler_id)]
        except KeyError:
            raise KeyError(
                f"{self.id} has no cell for stage {stage_id!r} and enabler {enabler_id!r}"
            ) from None

    def all_characteristics(self) -> tuple[tuple[str, str, Characteristic], ...]:
        """Every statement as (stage id, enabler id, characteristic), in stage then enabler order."""
        return tuple(
            (stage_id, enabler_id, characteristic)
            for (stage_id, enabler_id), cell in self.characteristics.items()
            for characteristic in cell
        )

    def characteristic(self, characteristic_id: str) -> Characteristic:
        for _, _, characteristic in self.all_characteristics():
            if characteristic.id == characteristic_id:
                return characteristic
        raise KeyError(f"{self.id} has no characteristic {characteristic_id!r}")


def _find(items: Sequence[Any], item_id: str, kind: str) -> Any:
    for item in items:
        if item.id == item_id:
            return item
    raise KeyError(f"no {kind} {item_id!r}; known: {', '.join(item.id for item in items)}")


# --- Files ---------------------------------------------------------------------------------------


def available_frameworks(directory: Path = FRAMEWORK_DIR) -> list[Path]:
    """The framework files in ``directory``, sorted by name; the schema is not one of them."""
    return sorted(path for path in directory.glob("*.yaml") if path.name != SCHEMA_FILE.name)


def framework_sha256(path: str | Path) -> str:
    """Hex SHA-256 of the file's bytes: any edit, even to a comment, makes a different version."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def load_framework(path: str | Path = DEFAULT_FRAMEWORK_FILE) -> Framework:
    """Read, validate and cross-check a framework file; raise FrameworkError if it is broken."""
    path = Path(path)
    return _checked(load_yaml(path, SCHEMA_FILE, error=FrameworkError), source=path)


def framework_from_dict(data: Any, *, source: str | Path = "<framework data>") -> Framework:
    """Check and build a Framework from plain data, such as a published version's stored to_dict().

    ``source`` names where the data came from in any FrameworkError.
    """
    return _checked(check_data(data, SCHEMA_FILE, source=source, error=FrameworkError), source=source)


def _checked(data: dict[str, Any], *, source: str | Path) -> Framework:
    """Cross-check data of the schema's shape, then build it."""
    problems = _cross_check(data)
    if problems:
        raise FrameworkError(source, *problems)
    return _build(data)


def to_dict(framework: Framework) -> dict[str, Any]:
    """A JSON-serialisable dict in the file's key order; loading it back gives an equal Framework."""
    result: dict[str, Any] = {}
    for field in fields(framework):
        if field.name == "characteristics":
            result[field.name] = {
                stage.id: {
                    enabler.id: [_plain_record(c) for c in framework.cell(stage.id, enabler.id)]
                    for enabler in framework.enablers
                }
                for stage in framework.stages
            }
        else:
            result[field.name] = _plain_record(getattr(framework, field.name))
    return result


def _plain_record(value: Any) -> Any:
    if is_dataclass(value):
        return {field.name: _plain_record(getattr(value, field.name)) for field in fields(value)}
    if isinstance(value, tuple):
        return [_plain_record(item) for item in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


# --- Cross-checks --------------------------------------------------------------------------------


def _cross_check(data: dict[str, Any]) -> list[Problem]:
    """What the schema cannot see: references between sections, uniqueness and numbering."""
    problems: list[Problem] = []

    def report(parts: PathParts, message: str) -> None:
        problems.append(Problem(location(parts), message))

    for section in (
        "sources",
        "stages",
        "enablers",
        "timescales",
        "themes",
        "system_supports",
        "self_evaluation_questions",
        "ratings",
    ):
        _check_unique(data[section], section, "id", report)
    _check_unique(data["stages"], "stages", "code", report)
    _check_unique(data["enablers"], "enablers", "code", report)
    _check_numbering(data["enablers"], "enablers", "number", 1, report)
    _check_numbering(data["themes"], "themes", "number", 1, report)
    _check_numbering(data["ratings"], "ratings", "value", 0, report)

    stages = {stage["id"]: stage for stage in data["stages"]}
    enablers = {enabler["id"]: enabler for enabler in data["enablers"]}
    _check_characteristics(data["characteristics"], stages, enablers, report)

    for index, timescale in enumerate(data["timescales"]):
        for position, stage_id in enumerate(timescale["applies_to"]):
            if stage_id not in stages:
                report(
                    ("timescales", index, "applies_to", position),
                    f"{stage_id!r} is not a stage (stages: {', '.join(stages)})",
                )
        low, high = timescale["months_low"], timescale["months_high"]
        if low is not None and high is not None and low > high:
            report(("timescales", index, "months_low"), f"{low} is more than months_high, {high}")
    return problems


def _check_unique(items: list[dict[str, Any]], section: str, key: str, report: Any) -> None:
    first: dict[Any, int] = {}
    for index, item in enumerate(items):
        value = item[key]
        if value in first:
            report(
                (section, index, key), f"duplicate {key} {value!r}, already used by {section}[{first[value]}]"
            )
        else:
            first[value] = index


def _check_numbering(items: list[dict[str, Any]], section: str, key: str, start: int, report: Any) -> None:
    for index, item in enumerate(items):
        if item[key] != start + index:
            report(
                (section, index, key),
                f"is {item[key]} but should be {start + index}: {section} are numbered in order from {start}",
            )


def _check_characteristics(
    table: dict[str, dict[str, list[dict[str, str]]]],
    stages: dict[str, dict[str, Any]],
    enablers: dict[str, dict[str, Any]],
    report: Any,
) -> None:
    for stage_id, row in table.items():
        if stage_id not in stages:
            report(("characteristics", stage_id), f"is not a stage (stages: {', '.join(stages)})")
            continue
        for enabler_id in row:
            if enabler_id not in enablers:
                report(
                    ("characteristics", stage_id, enabler_id),
                    f"is not an enabler (enablers: {', '.join(enablers)})",
                )

    first_use: dict[str, PathParts] = {}
    for stage_id, stage in stages.items():
        if stage_id not in table:
            report(
                ("characteristics", stage_id), "is missing: every stage needs statements for every enabler"
            )
            continue
        for enabler_id, enabler in enablers.items():
            cell = table[stage_id].get(enabler_id)
            if cell is None:
                report(
                    ("characteristics", stage_id, enabler_id),
                    "is missing: every stage needs statements for every enabler",
                )
                continue
            prefix = f"{stage['code']}-{enabler['code']}-"
            for index, characteristic in enumerate(cell):
                parts = ("characteristics", stage_id, enabler_id, index, "id")
                characteristic_id = characteristic["id"]
                if not characteristic_id.startswith(prefix):
                    report(
                        parts,
                        f"{characteristic_id!r} should start with {prefix!r}, "
                        f"the codes of stage {stage_id} and enabler {enabler_id}",
                    )
                if characteristic_id in first_use:
                    first = location(first_use[characteristic_id])
                    report(parts, f"duplicate id {characteristic_id!r}, already used at {first}")
                else:
                    first_use[characteristic_id] = parts


# --- Building ------------------------------------------------------------------------------------


def _build(data: dict[str, Any]) -> Framework:
    """Turn checked data into frozen records; lists become tuples so nothing can change later."""
    stages = tuple(
        Stage(
            **{
                **_frozen(raw),
                "ofsted_anchor": OfstedAnchor(**_frozen(raw["ofsted_anchor"])),
            }
        )
        for raw in data["stages"]
    )
    enablers = tuple(Enabler(**_frozen(raw)) for raw in data["enablers"])
    characteristics = MappingProxyType(
        {
            (stage.id, enabler.id): tuple(
                Characteristic(**raw) for raw in data["characteristics"][stage.id][enabler.id]
            )
            for stage in stages
            for enabler in enablers
        }
    )
    return Framework(
        id=data["id"],
        version=data["version"],
        title=data["title"],
        description=data["description"],
        published=date.fromisoformat(data["published"]),
        sources=tuple(Source(**raw) for raw in data["sources"]),
        ofsted_note=data["ofsted_note"],
        stages=stages,
        enablers=enablers,
        characteristics=characteristics,
        timescales=tuple(Timescale(**_frozen(raw)) for raw in data["timescales"]),
        themes=tuple(Theme(**raw) for raw in data["themes"]),
        system_supports=tuple(SystemSupport(**raw) for raw in data["system_supports"]),
        self_evaluation_questions=tuple(
            SelfEvaluationQuestion(**raw) for raw in data["self_evaluation_questions"]
        ),
        ratings=tuple(Rating(**raw) for raw in data["ratings"]),
    )


def _frozen(raw: dict[str, Any]) -> dict[str, Any]:
    return {key: tuple(value) if isinstance(value, list) else value for key, value in raw.items()}
