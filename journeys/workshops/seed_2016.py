"""The 2016 LGA regional workshops: Journeys' seed series ``lga-2016``.

Loads ``data/lga-2016.yaml`` (four workshops, the summary's table (d) of themes and local areas,
and its lessons on external support) and resolves each local area, as printed, to the LA
register. Former LAs resolve to their former-LA record, linked to their successors (Cumbria to
Cumberland and Westmorland and Furness; Poole to Bournemouth, Christchurch and Poole).
Table (d) is held at series level: the source does not say which workshop each area attended.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from journeys.authorities.register import Authority, Register, load_register
from journeys.common.datafiles import DataFileError, Problem, load_yaml
from journeys.priorities.themes import theme_by_number

SERIES_YAML = Path(__file__).parent / "data" / "lga-2016.yaml"

_TEXT = {"type": "string", "minLength": 1}
_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": [
        "id",
        "title",
        "commissioned_by",
        "facilitated_by",
        "period",
        "source",
        "workshops",
        "date_note",
        "purposes",
        "themes",
        "support_lessons",
    ],
    "properties": {
        "id": {"type": "string", "pattern": "^[a-z0-9-]+$"},
        "title": _TEXT,
        "commissioned_by": _TEXT,
        "facilitated_by": _TEXT,
        "period": _TEXT,
        "source": _TEXT,
        "date_note": _TEXT,
        "purposes": {"type": "array", "items": _TEXT, "minItems": 1},
        "workshops": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["id", "place", "when", "exact_date"],
                "properties": {
                    "id": {"type": "string", "pattern": "^[a-z0-9-]+$"},
                    "place": _TEXT,
                    "when": _TEXT,
                    "exact_date": {
                        "type": ["string", "null"],
                        "format": "date",
                        "description": "a date written as YYYY-MM-DD, or null where the source gives none",
                    },
                },
            },
        },
        "themes": {
            "type": "array",
            "minItems": 5,
            "maxItems": 5,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": [
                    "number",
                    "printed_title",
                    "local_areas",
                    "example_priority",
                    "example_learning",
                ],
                "properties": {
                    "number": {"type": "integer", "minimum": 1, "maximum": 5},
                    "printed_title": _TEXT,
                    "local_areas": {"type": "array", "items": _TEXT, "minItems": 1},
                    "example_priority": _TEXT,
                    "example_learning": _TEXT,
                },
            },
        },
        "support_lessons": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["id", "lesson"],
                "properties": {"id": {"type": "string", "pattern": "^[a-z0-9-]+$"}, "lesson": _TEXT},
            },
        },
    },
}


class SeedFileError(DataFileError):
    """The seed file breaks its schema, or names a local area the register cannot resolve."""


@dataclass(frozen=True)
class Workshop:
    id: str
    place: str
    when: str  # as precise as the source allows
    exact_date: str | None  # ISO date, None where the source gives none


@dataclass(frozen=True)
class SeedArea:
    printed_name: str  # exactly as the source prints it, e.g. "NE Lincolnshire"
    authority: Authority  # the register record; a former LA keeps its own record
    successors: tuple[Authority, ...]  # for a former LA, the LAs that took over its services

    @property
    def is_former(self) -> bool:
        return not self.authority.is_current


@dataclass(frozen=True)
class SeedTheme:
    number: int
    printed_title: str
    title: str  # the theme's title in Journeys (``priorities/data/themes.yaml``)
    local_areas: tuple[SeedArea, ...]
    example_priority: str
    example_learning: str


@dataclass(frozen=True)
class SupportLesson:
    id: str
    lesson: str


@dataclass(frozen=True)
class WorkshopSeries:
    id: str
    title: str
    commissioned_by: str
    facilitated_by: str
    period: str
    source: str
    workshops: tuple[Workshop, ...]
    date_note: str
    purposes: tuple[str, ...]
    themes: tuple[SeedTheme, ...]
    support_lessons: tuple[SupportLesson, ...]

    def areas(self) -> tuple[SeedArea, ...]:
        """Each local area once, in order of first appearance (Halton shared two themes)."""
        seen: dict[str, SeedArea] = {}
        for theme in self.themes:
            for area in theme.local_areas:
                seen.setdefault(area.authority.old_la_code, area)
        return tuple(seen.values())

    def themes_of(self, la_code: str) -> tuple[int, ...]:
        return tuple(
            t.number for t in self.themes if any(a.authority.old_la_code == la_code for a in t.local_areas)
        )


def resolve_area(name: str, register: Register) -> Authority | None:
    """A printed local-area name to its register record, former LAs included."""
    return register.lookup(name) or register.lookup_former(name)


@cache
def load_series(path: Path = SERIES_YAML) -> WorkshopSeries:
    data = load_yaml(path, _SCHEMA, error=SeedFileError)
    if sorted(theme["number"] for theme in data["themes"]) != [1, 2, 3, 4, 5]:
        raise SeedFileError(path, Problem("themes", "theme numbers must be 1 to 5 once each"))

    register = load_register()
    themes = []
    for t_index, theme in enumerate(data["themes"]):
        areas = []
        for a_index, name in enumerate(theme["local_areas"]):
            authority = resolve_area(name, register)
            if authority is None:
                raise SeedFileError(
                    path,
                    Problem(
                        f"themes[{t_index}].local_areas[{a_index}]", f"{name!r} is not in the LA register"
                    ),
                )
            successors = tuple(register.get(code) for code in authority.successors)
            areas.append(SeedArea(name, authority, successors))
        themes.append(
            SeedTheme(
                number=theme["number"],
                printed_title=theme["printed_title"],
                title=theme_by_number(theme["number"]).title,
                local_areas=tuple(areas),
                example_priority=theme["example_priority"],
                example_learning=theme["example_learning"],
            )
        )
    themes.sort(key=lambda theme: theme.number)

    return WorkshopSeries(
        id=data["id"],
        title=data["title"],
        commissioned_by=data["commissioned_by"],
        facilitated_by=data["facilitated_by"],
        period=data["period"],
        source=data["source"],
        workshops=tuple(Workshop(**workshop) for workshop in data["workshops"]),
        date_note=data["date_note"],
        purposes=tuple(data["purposes"]),
        themes=tuple(themes),
        support_lessons=tuple(SupportLesson(**lesson) for lesson in data["support_lessons"]),
    )
