"""The catalogue of forms of external improvement support, read from ``data/forms.yaml``, and
who provides each in a region, read from ``data/providers.yaml``.

Each form has a stable id, what it is for, its ingredients, when it works best and when to avoid
it. Each provider has a stable id, the forms it offers, the regions it works in (all when none
are listed), how to ask for it and what to search for to find it. The shared data-file loader
checks each file against its schema below; a broken file fails with the file, the place in it
and the problem.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from journeys.authorities.register import REGIONS
from journeys.common.datafiles import DataFileError, Problem, load_yaml

FORMS_YAML = Path(__file__).parent / "data" / "forms.yaml"
PROVIDERS_YAML = Path(__file__).parent / "data" / "providers.yaml"

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
                "required": ["id", "name", "in_a_sentence", "for", "ingredients", "works_best", "avoid_when"],
                "additionalProperties": False,
                "properties": {
                    "id": {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"},
                    "name": {"type": "string", "minLength": 3},
                    "in_a_sentence": {"type": "string", "minLength": 3},
                    "for": {"type": "string", "minLength": 20},
                    "ingredients": _TEXT_LIST,
                    "works_best": _TEXT_LIST,
                    "avoid_when": _TEXT_LIST,
                },
            },
        },
    },
}


_PROVIDERS_SCHEMA = {
    "type": "object",
    "required": ["version", "source", "providers"],
    "additionalProperties": False,
    "properties": {
        "version": {"type": "integer", "minimum": 1},
        "source": {"type": "string", "minLength": 20},
        "providers": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["id", "name", "forms", "how_to_ask", "find_it"],
                "additionalProperties": False,
                "properties": {
                    "id": {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"},
                    "name": {"type": "string", "minLength": 3},
                    "regions": {
                        "type": "array",
                        "minItems": 1,
                        "items": {"type": "string", "enum": list(REGIONS)},
                    },
                    "forms": {"type": "array", "minItems": 1, "items": {"type": "string"}},
                    "how_to_ask": {"type": "string", "minLength": 20},
                    "find_it": {"type": "string", "minLength": 3},
                },
            },
        },
    },
}


class CatalogueFileError(DataFileError):
    """The catalogue or providers file is missing, not YAML, or breaks the schema."""


@dataclass(frozen=True)
class SupportForm:
    id: str
    name: str
    in_a_sentence: str  # as the form reads inside "Because …, a peer review fits."
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
            in_a_sentence=form["in_a_sentence"],
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


@dataclass(frozen=True)
class Provider:
    id: str
    name: str
    forms: tuple[str, ...]
    regions: tuple[str, ...]  # empty: every region
    how_to_ask: str
    find_it: str  # what to search for to find it

    def works_in(self, region: str) -> bool:
        return not self.regions or region in self.regions

    def in_region(self, region: str) -> Provider:
        """The provider as an LA in ``region`` reads it: "{region}" in the file is filled in."""
        return replace(
            self, name=self.name.replace("{region}", region), find_it=self.find_it.replace("{region}", region)
        )


@dataclass(frozen=True)
class Providers:
    source: str
    providers: tuple[Provider, ...]

    def for_form(self, form_id: str, region: str) -> tuple[Provider, ...]:
        """Who provides a form of support to an LA in ``region``, in file order."""
        return tuple(p.in_region(region) for p in self.providers if form_id in p.forms and p.works_in(region))


@cache
def load_providers(path: Path = PROVIDERS_YAML) -> Providers:
    data = load_yaml(path, _PROVIDERS_SCHEMA, error=CatalogueFileError)
    known = {form.id for form in load_forms()}
    seen: set[str] = set()
    for index, provider in enumerate(data["providers"]):
        if provider["id"] in seen:
            raise CatalogueFileError(
                path, Problem(f"providers[{index}].id", f"duplicate id {provider['id']!r}")
            )
        seen.add(provider["id"])
        for position, form_id in enumerate(provider["forms"]):
            if form_id not in known:
                raise CatalogueFileError(
                    path,
                    Problem(f"providers[{index}].forms[{position}]", f"no support form with id {form_id!r}"),
                )
    return Providers(
        source=" ".join(data["source"].split()),
        providers=tuple(
            Provider(
                id=p["id"],
                name=p["name"],
                forms=tuple(p["forms"]),
                regions=tuple(p.get("regions", ())),
                how_to_ask=" ".join(p["how_to_ask"].split()),
                find_it=p["find_it"],
            )
            for p in data["providers"]
        ),
    )
