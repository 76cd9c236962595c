"""Reading the YAML data files shipped with Journeys, and the error they raise when broken.

:func:`load_yaml` reads a file with a safe loader that refuses duplicate keys (plain
``safe_load`` keeps the last one silently), turns YAML's extras into JSON's shapes (dates become
ISO text, keys become text) and checks the result against a JSON Schema (draft 2020-12) declared
next to the data: a schema YAML file, or a dict in the module that reads the file.
:func:`check_data` runs the same check on data from elsewhere, such as a stored copy.

Anything wrong raises :class:`DataFileError`, one line per problem in the form
``<file>: <where>: <problem>``. ``where`` is a path inside the file, such as
``themes[3].examples`` (list positions count from 0); a YAML syntax error gives a line and
column instead. Each module checks what a schema cannot (references, uniqueness, numbering)
itself and reports it the same way.

Pure Python, no Django imports.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator, ValidationError

# A schema file (YAML) or the schema itself.
Schema = Path | Mapping[str, Any]
PathParts = tuple[str | int, ...]

# Enough to fix a badly broken file in a few rounds without flooding the terminal.
MAX_REPORTED_PROBLEMS = 20


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a data file."""

    where: str  # e.g. "enablers[3].name" or "line 4, column 7"; "" for the whole file
    message: str


class DataFileError(ValueError):
    """A data file is missing, not YAML, or breaks its schema; says which file, where and what."""

    def __init__(self, file: str | Path, *problems: Problem):
        self.file = file  # a path, or a label such as "<framework data>" for data from elsewhere
        self.problems = problems
        super().__init__(str(self))

    @property
    def where(self) -> str:
        return self.problems[0].where

    @property
    def problem(self) -> str:
        return self.problems[0].message

    def __str__(self) -> str:
        lines = [
            f"{self.file}: {problem.where}: {problem.message}"
            if problem.where
            else f"{self.file}: {problem.message}"
            for problem in self.problems[:MAX_REPORTED_PROBLEMS]
        ]
        hidden = len(self.problems) - MAX_REPORTED_PROBLEMS
        if hidden > 0:
            lines.append(f"{self.file}: and {hidden} more problems")
        return "\n".join(lines)


def location(parts: Iterable[str | int]) -> str:
    """A path inside a file as messages write it: keys joined by dots, positions in []."""
    rendered = ""
    for part in parts:
        if isinstance(part, int):
            rendered += f"[{part}]"
        else:
            rendered += f".{part}" if rendered else part
    return rendered or "(top level)"


def load_yaml(path: str | Path, schema: Schema, *, error: type[DataFileError] = DataFileError) -> Any:
    """The file's data, read safely and checked against ``schema``; raises ``error`` if broken."""
    path = Path(path)
    return check_data(_read(path, error), schema, source=path, error=error)


def check_data(
    data: Any, schema: Schema, *, source: str | Path, error: type[DataFileError] = DataFileError
) -> Any:
    """``data`` in JSON's shapes, checked against ``schema``; ``source`` names it in any error."""
    data = _json_shaped(data)
    found: dict[tuple[PathParts, str], None] = {}  # an ordered set: one error can repeat another
    for schema_error in _validator(schema).iter_errors(data):
        for parts, message in _describe(schema_error):
            found[(parts, message)] = None
    if found:
        problems = [Problem(location(parts), message) for parts, message in sorted(found, key=_order)]
        raise error(source, *problems)
    return data


# --- Reading -------------------------------------------------------------------------------------

# libyaml's parser when present: much faster, with the same safe constructors.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_SafeLoader):
    """A safe loader that rejects duplicate keys: plain safe_load keeps the last one silently,
    which would drop a whole block of a file without anyone noticing."""

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


def _read(path: Path, error: type[DataFileError]) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as failure:
        raise error(path, Problem("", f"cannot read the file: {failure.strerror or failure}")) from None
    except UnicodeDecodeError as failure:
        raise error(path, Problem("", f"is not UTF-8 text ({failure.reason})")) from None
    try:
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a safe loader
    except yaml.MarkedYAMLError as failure:
        mark = failure.problem_mark or failure.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = failure.problem or failure.context or "cannot be parsed"
        kind = "YAML error" if isinstance(failure, yaml.constructor.ConstructorError) else "YAML syntax error"
        raise error(path, Problem(where, f"{kind}: {problem}")) from None
    except yaml.YAMLError as failure:
        raise error(path, Problem("", f"YAML syntax error: {failure}")) from None


def _json_shaped(value: Any) -> Any:
    """Turn YAML's extras into JSON's shapes so the schema sees what a JSON reader would.

    YAML reads 2026-11-26 as a date and allows keys that are not strings (1:, yes:); schemas
    describe dates as ISO strings and keys as strings.
    """
    if isinstance(value, dict):
        return {str(key): _json_shaped(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_json_shaped(item) for item in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


# --- Schema checks -------------------------------------------------------------------------------


def _validator(schema: Schema) -> Draft202012Validator:
    # Schema files are read once; a dict is checked on each call, and its callers cache their result.
    return _file_validator(schema) if isinstance(schema, Path) else _checked_validator(schema)


@cache
def _file_validator(path: Path) -> Draft202012Validator:
    return _checked_validator(yaml.safe_load(path.read_text(encoding="utf-8")))


def _checked_validator(schema: Mapping[str, Any]) -> Draft202012Validator:
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


_JSON_TYPES = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "empty (null)",
    "array": "a list",
    "object": "a set of keys and values",
}


def _describe(error: ValidationError) -> list[tuple[PathParts, str]]:
    """Plain words for a schema error. jsonschema's own messages print whole values, which for a
    long list would bury the problem under pages of text."""
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
    if keyword == "const":
        return [(parts, f"{_short(instance)} should be {expected!r}")]
    if keyword == "minimum":
        return [(parts, f"{instance} is less than the minimum, {expected}")]
    if keyword == "maximum":
        return [(parts, f"{instance} is more than the maximum, {expected}")]
    if keyword in ("minLength", "pattern", "format") and isinstance(instance, str) and not instance.strip():
        return [(parts, "is blank")]
    if keyword == "minLength":
        return [(parts, f"{_short(instance)} is too short: it should have at least {expected} characters")]
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


def _order(item: tuple[PathParts, str]) -> tuple[Any, ...]:
    parts, message = item
    # Positions sort as numbers (so [2] comes before [10]) and before keys at the same depth.
    return tuple((0, part, "") if isinstance(part, int) else (1, 0, part) for part in parts), message
