"""The improvement framework as versioned data: load, check and expose it.

Each framework version is a YAML file in ``content/`` (for example ``isos-2016.yaml``). Loading
a file parses it, validates it against ``content/schema.yaml`` and then checks what a schema
cannot: that every stage and enabler pair has statements, that ids are unique and carry the right
stage and enabler codes, that timescales name real stages, and that numbers run in order. The
result is a tree of frozen dataclasses.

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
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields, is_dataclass
from datetime import date
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml
from jsonschema import Draft202012Validator, ValidationError

FRAMEWORK_DIR = Path(__file__).parent / "content"
SCHEMA_FILE = FRAMEWORK_DIR / "schema.yaml"
DEFAULT_FRAMEWORK_FILE = FRAMEWORK_DIR / "isos-2016.yaml"

# Enough to fix a badly broken file in a few rounds without flooding the terminal.
MAX_REPORTED_PROBLEMS = 20


# --- Errors --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a framework file."""

    path: str  # where in the file, e.g. "enablers[3].name" or "line 4, column 7"; "" for the whole file
    message: str


class FrameworkError(Exception):
    """A framework file cannot be used. The message names the file, where in it, and what is wrong."""

    def __init__(self, file: str | Path, problems: Iterable[Problem]):
        self.file = str(file)  # a path, or a label such as "<framework data>" for data from elsewhere
        self.problems = tuple(problems)
        super().__init__(str(self))

    def __str__(self) -> str:
        lines = [
            f"{self.file}: {problem.path}: {problem.message}"
            if problem.path
            else f"{self.file}: {problem.message}"
            for problem in self.problems[:MAX_REPORTED_PROBLEMS]
        ]
        hidden = len(self.problems) - MAX_REPORTED_PROBLEMS
        if hidden > 0:
            lines.append(f"{self.file}: and {hidden} more problems")
        return "\n".join(lines)


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
    """Parse, validate and cross-check a framework file; raise FrameworkError if it is broken."""
    path = Path(path)
    return framework_from_dict(_read_yaml(path), source=path)


def framework_from_dict(data: Any, *, source: str | Path = "<framework data>") -> Framework:
    """Check and build a Framework from plain data, such as a published version's stored to_dict().

    ``source`` names where the data came from in any FrameworkError.
    """
    data = _json_shaped(data)
    problems = _schema_problems(data)
    if not problems:
        # Cross-checks index freely into the data, so they run only on data of the right shape.
        problems = _cross_check(data)
    if problems:
        raise FrameworkError(source, problems)
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


# --- Parsing -------------------------------------------------------------------------------------


# libyaml's parser when present: much faster, with the same safe constructors.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_SafeLoader):
    """A safe loader that rejects duplicate keys: plain safe_load keeps the last one silently,
    which would drop a whole block of statements without anyone noticing."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = self.construct_object(key_node, deep=True)
            try:
                duplicate = key in seen
                seen.add(key)
            except TypeError:  # an unhashable key; the base constructor reports it
                continue
            if duplicate:
                raise yaml.constructor.ConstructorError(
                    "while reading a mapping",
                    node.start_mark,
                    f"found duplicate key {key!r}",
                    key_node.start_mark,
                )
        return super().construct_mapping(node, deep=deep)


def _read_yaml(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise FrameworkError(
            path, [Problem("", f"cannot read the file: {error.strerror or error}")]
        ) from None
    except UnicodeDecodeError as error:
        raise FrameworkError(path, [Problem("", f"is not UTF-8 text ({error.reason})")]) from None
    try:
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a safe loader
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = error.problem or error.context or "cannot be parsed"
        kind = "YAML error" if isinstance(error, yaml.constructor.ConstructorError) else "YAML syntax error"
        raise FrameworkError(path, [Problem(where, f"{kind}: {problem}")]) from None
    except yaml.YAMLError as error:
        raise FrameworkError(path, [Problem("", f"YAML syntax error: {error}")]) from None


def _json_shaped(value: Any) -> Any:
    """Turn YAML's extras into JSON's shapes so the schema sees what a JSON reader would.

    YAML reads 2026-11-26 as a date and allows keys that are not strings (1:, yes:); the schema
    describes dates as ISO strings and keys as strings.
    """
    if isinstance(value, dict):
        return {str(key): _json_shaped(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_json_shaped(item) for item in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


# --- Schema checks -------------------------------------------------------------------------------

PathParts = tuple[str | int, ...]

_JSON_TYPES = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "empty (null)",
    "array": "a list",
    "object": "a set of keys and values",
}


@cache
def _validator() -> Draft202012Validator:
    schema = yaml.safe_load(SCHEMA_FILE.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def _schema_problems(data: Any) -> list[Problem]:
    found: dict[tuple[PathParts, str], None] = {}  # an ordered set: one error can repeat another
    for error in _validator().iter_errors(data):
        for parts, message in _describe(error):
            found[(parts, message)] = None
    return [Problem(_render_path(parts), message) for parts, message in sorted(found, key=_problem_order)]


def _describe(error: ValidationError) -> list[tuple[PathParts, str]]:
    """Plain words for a schema error. jsonschema's own messages print whole values, which for a
    list of enablers would bury the problem under pages of text."""
    parts = tuple(error.absolute_path)
    keyword, expected, instance, schema = error.validator, error.validator_value, error.instance, error.schema
    if keyword == "required":
        return [(parts + (key,), "is missing") for key in expected if key not in instance]
    if keyword == "additionalProperties" and expected is False:
        allowed = list(schema.get("properties", {}))
        return [
            (parts + (key,), f"is not an allowed key here (allowed: {', '.join(allowed)})")
            for key in instance
            if key not in allowed
        ]
    if keyword == "type":
        wanted = [expected] if isinstance(expected, str) else expected
        return [(parts, f"should be {' or '.join(_JSON_TYPES[t] for t in wanted)}, not {_kind(instance)}")]
    if keyword in ("minItems", "maxItems"):
        low, high = schema.get("minItems"), schema.get("maxItems")
        if low == high:
            return [(parts, f"should have exactly {low} items, but has {len(instance)}")]
        bound = f"at least {low}" if keyword == "minItems" else f"at most {high}"
        return [(parts, f"should have {bound} items, but has {len(instance)}")]
    if keyword == "minProperties":
        return [(parts, f"should have at least {expected} entries, but has {len(instance)}")]
    if keyword == "uniqueItems":
        return [(parts, "lists the same item more than once")]
    if keyword == "enum":
        return [(parts, f"{_short(instance)} is not one of: {', '.join(map(str, expected))}")]
    if keyword == "minimum":
        return [(parts, f"{instance} is less than the minimum, {expected}")]
    if keyword == "maximum":
        return [(parts, f"{instance} is more than the maximum, {expected}")]
    if keyword in ("pattern", "format") and isinstance(instance, str) and not instance.strip():
        return [(parts, "is blank")]
    if keyword in ("pattern", "format") and "description" in schema:
        return [(parts, f"{_short(instance)} is not valid: it should be {schema['description']}")]
    return [(parts, error.message if len(error.message) <= 200 else error.message[:197] + "...")]


def _kind(value: Any) -> str:
    if value is None:
        return "empty (null)"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, float):
        return "a decimal number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a set of keys and values"
    return type(value).__name__


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _render_path(parts: PathParts) -> str:
    rendered = ""
    for part in parts:
        if isinstance(part, int):
            rendered += f"[{part}]"
        else:
            rendered += f".{part}" if rendered else part
    return rendered or "(top level)"


def _problem_order(item: tuple[PathParts, str]) -> tuple[Any, ...]:
    parts, message = item
    # Positions sort as numbers (so [2] comes before [10]) and before keys at the same depth.
    return tuple((0, part, "") if isinstance(part, int) else (1, 0, part) for part in parts), message


# --- Cross-checks --------------------------------------------------------------------------------


def _cross_check(data: dict[str, Any]) -> list[Problem]:
    """What the schema cannot see: references between sections, uniqueness and numbering."""
    problems: list[Problem] = []

    def report(parts: PathParts, message: str) -> None:
        problems.append(Problem(_render_path(parts), message))

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
                    first = _render_path(first_use[characteristic_id])
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
