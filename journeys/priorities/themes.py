"""The five themes of improvement priorities, with their labelled example statements.

The themes are those under which the 2016 LGA regional workshops grouped the priorities that
local areas shared. ``data/themes.yaml`` holds them; the shared data-file loader checks it against
the schema below, and a broken file fails with the file, the place in it and the problem.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from journeys.common.datafiles import DataFileError, Problem, load_yaml

THEMES_YAML = Path(__file__).parent / "data" / "themes.yaml"
THEME_NUMBERS = (1, 2, 3, 4, 5)

_SCHEMA = {
    "type": "object",
    "required": ["version", "themes"],
    "additionalProperties": False,
    "properties": {
        "version": {"type": "integer", "minimum": 1},
        "themes": {
            "type": "array",
            "minItems": len(THEME_NUMBERS),
            "maxItems": len(THEME_NUMBERS),
            "items": {
                "type": "object",
                "required": ["number", "title", "short_title", "description", "examples"],
                "additionalProperties": False,
                "properties": {
                    "number": {"type": "integer", "enum": list(THEME_NUMBERS)},
                    "title": {"type": "string", "minLength": 3},
                    "short_title": {"type": "string", "minLength": 3},
                    "description": {"type": "string", "minLength": 20},
                    # Fewer than ten examples cannot train a classifier worth the name.
                    "examples": {
                        "type": "array",
                        "minItems": 10,
                        "items": {"type": "string", "minLength": 3},
                    },
                },
            },
        },
    },
}


class ThemesFileError(DataFileError):
    """The themes file is missing, not YAML, or breaks the schema."""


@dataclass(frozen=True)
class Theme:
    number: int
    title: str
    short_title: str
    description: str
    examples: tuple[str, ...]


def _normalise(text: str) -> str:
    return " ".join(text.lower().split())


@cache
def load_themes(path: Path = THEMES_YAML) -> tuple[Theme, ...]:
    """The five themes in number order; raises ThemesFileError naming what is wrong."""
    data = load_yaml(path, _SCHEMA, error=ThemesFileError)
    numbers = [theme["number"] for theme in data["themes"]]
    if sorted(numbers) != list(THEME_NUMBERS):
        raise ThemesFileError(
            path, Problem("themes", f"theme numbers must be 1 to 5 once each, found {numbers}")
        )
    # An example labelled twice (or under two themes) would teach the classifier a contradiction.
    seen: dict[str, str] = {}
    for t_index, theme in enumerate(data["themes"]):
        for e_index, example in enumerate(theme["examples"]):
            where = f"themes[{t_index}].examples[{e_index}]"
            key = _normalise(example)
            if key in seen:
                raise ThemesFileError(
                    path, Problem(where, f"duplicate of the example at {seen[key]}: {example!r}")
                )
            seen[key] = where

    return tuple(
        Theme(
            number=theme["number"],
            title=theme["title"],
            short_title=theme["short_title"],
            description=" ".join(theme["description"].split()),
            examples=tuple(theme["examples"]),
        )
        for theme in sorted(data["themes"], key=lambda theme: theme["number"])
    )


def theme_by_number(number: int) -> Theme:
    for theme in load_themes():
        if theme.number == number:
            return theme
    raise KeyError(f"no theme {number}; themes are numbered 1 to 5")


def theme_label(number: int) -> str:
    """A theme as sentences name it, e.g. "theme 4, scrutiny, members, efficiency and planning"."""
    return f"theme {number}, {theme_by_number(number).short_title.lower()}"


def labelled_examples(path: Path = THEMES_YAML) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """All example statements and their theme numbers, in file order."""
    pairs = [(example, theme.number) for theme in load_themes(path) for example in theme.examples]
    return tuple(text for text, _ in pairs), tuple(number for _, number in pairs)
