"""The catalogue of forms of external improvement support, read from ``data/forms.yaml``.

Each form has a stable id, what it is for, its ingredients, when it works best and when to avoid
it. The shared data-file loader checks the file against the schema below; a broken file fails
with the file, the place in it and the problem.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from journeys.common.datafiles import DataFileError, Problem, load_yaml

FORMS_YAML = Path(__file__).parent / "data" / "forms.yaml"

_TEXT_LIST = {"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 3}}
_SCHEMA = {
    "type": "object",
    "required": ["version", "forms"],
    "additionalProperties": False,
    "properties": {
        "version": {"type": "integer", "minimum": 1},
        "forms": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["id", "name", "for", "ingredients", "works_best", "avoid_when"],
                "additionalProperties": False,
                "properties": {
                    "id": {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"},
                    "name": {"type": "string", "minLength": 3},
                    "for": {"type": "string", "minLength": 20},
                    "ingredients": _TEXT_LIST,
                    "works_best": _TEXT_LIST,
                    "avoid_when": _TEXT_LIST,
                },
            },
        },
    },
}


class CatalogueFileError(DataFileError):
    """The catalogue file is missing, not YAML, or breaks the schema."""


@dataclass(frozen=True)
class SupportForm:
    id: str
    name: str
    purpose: str
    ingredients: tuple[str, ...]
    works_best: tuple[str, ...]
    avoid_when: tuple[str, ...]


@cache
def load_forms(path: Path = FORMS_YAML) -> tuple[SupportForm, ...]:
    """All forms of support, in catalogue order."""
    data = load_yaml(path, _SCHEMA, error=CatalogueFileError)
    seen: set[str] = set()
    for index, form in enumerate(data["forms"]):
        if form["id"] in seen:
            raise CatalogueFileError(path, Problem(f"forms[{index}].id", f"duplicate id {form['id']!r}"))
        seen.add(form["id"])

    return tuple(
        SupportForm(
            id=form["id"],
            name=form["name"],
            purpose=" ".join(form["for"].split()),
            ingredients=tuple(form["ingredients"]),
            works_best=tuple(form["works_best"]),
            avoid_when=tuple(form["avoid_when"]),
        )
        for form in data["forms"]
    )


def get_form(form_id: str) -> SupportForm:
    for form in load_forms():
        if form.id == form_id:
            return form
    raise KeyError(f"no support form with id {form_id!r}")
