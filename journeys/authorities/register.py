"""The register of English local authorities with children's services responsibilities.

The register is a fact Journeys writes itself (``data/register.csv``): the 153 current LAs with
their DfE 3-digit code, ONS E-code, DfE name, DfE children's-social-care region and type, plus
the former LAs that were reorganised away, with their successors. No Django imports: importers
and calculations resolve names and codes through :func:`load_register` without a database.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

REGISTER_CSV = Path(__file__).parent / "data" / "register.csv"

# DfE children's-social-care regions, in DfE's publication order (London split Inner/Outer).
REGIONS: tuple[str, ...] = (
    "North East",
    "North West",
    "Yorkshire and The Humber",
    "East Midlands",
    "West Midlands",
    "East of England",
    "Inner London",
    "Outer London",
    "South East",
    "South West",
)

_NORMALISE = re.compile(r"[^a-z0-9]+")


def normalise_name(text: str) -> str:
    """Fold case, punctuation and '&'/'and' so 'St. Helens' and 'st helens' compare equal."""
    text = text.lower().replace("&", " and ")
    return " ".join(_NORMALISE.sub(" ", text).split())


@dataclass(frozen=True)
class Authority:
    old_la_code: str
    new_la_code: str
    name: str
    region: str
    region_code: str
    type: str
    ofsted_urn: str
    status: str  # "current" or "former"
    other_ecodes: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    ended_on: date | None = None
    successors: tuple[str, ...] = ()
    predecessors: tuple[str, ...] = field(default=())

    @property
    def is_current(self) -> bool:
        return self.status == "current"


class Register:
    """All authorities, with one lookup that accepts any code form or a name/alias."""

    def __init__(self, authorities: list[Authority]):
        self.authorities = authorities
        self._by_code: dict[str, Authority] = {}
        self._by_name: dict[str, Authority] = {}
        # Current LAs are indexed last so that they win any clash with a former LA's name.
        for authority in sorted(authorities, key=lambda a: a.is_current):
            for code in (authority.old_la_code, authority.new_la_code, *authority.other_ecodes):
                self._by_code[code.upper()] = authority
            for name in (authority.name, *authority.aliases):
                self._by_name[normalise_name(name)] = authority

    @property
    def current(self) -> list[Authority]:
        return [a for a in self.authorities if a.is_current]

    @property
    def former(self) -> list[Authority]:
        return [a for a in self.authorities if not a.is_current]

    def get(self, code: str) -> Authority:
        return self._by_code[code.strip().upper()]

    def lookup(self, query: str) -> Authority | None:
        """Resolve a 3-digit code, an E-code, or a name/alias (case-insensitive)."""
        query = query.strip()
        if not query:
            return None
        return self._by_code.get(query.upper()) or self._by_name.get(normalise_name(query))

    def search(self, query: str) -> list[Authority]:
        """Authorities whose name, alias or code contains ``query``: current ones first, then
        names that start with it, then alphabetical."""
        wanted = normalise_name(query)
        if not wanted:
            return []
        code = query.strip().upper()

        def matches(authority: Authority) -> bool:
            names = (normalise_name(n) for n in (authority.name, *authority.aliases))
            codes = (authority.old_la_code, authority.new_la_code, *authority.other_ecodes)
            return any(wanted in name for name in names) or any(c.startswith(code) for c in codes)

        def order(authority: Authority) -> tuple:
            starts = normalise_name(authority.name).startswith(wanted)
            return (not authority.is_current, not starts, authority.name)

        return sorted(filter(matches, self.authorities), key=order)

    def lookup_former(self, query: str) -> Authority | None:
        """Resolve a name among former LAs only (e.g. 'Dorset' in a pre-2019 table)."""
        wanted = normalise_name(query)
        for authority in self.former:
            names = {normalise_name(n) for n in (authority.name, *authority.aliases)}
            names.add(normalise_name(authority.name.split(" (")[0]))
            if wanted in names or query.strip().upper() in (authority.old_la_code, authority.new_la_code):
                return authority
        return None


def _split(cell: str) -> tuple[str, ...]:
    return tuple(part for part in cell.split("|") if part)


@cache
def load_register(path: Path = REGISTER_CSV) -> Register:
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    predecessors: dict[str, list[str]] = {}
    for row in rows:
        for successor in _split(row["successors"]):
            predecessors.setdefault(successor, []).append(row["old_la_code"])
    authorities = [
        Authority(
            old_la_code=row["old_la_code"],
            new_la_code=row["new_la_code"],
            name=row["name"],
            region=row["region"],
            region_code=row["region_code"],
            type=row["type"],
            ofsted_urn=row["ofsted_urn"],
            status=row["status"],
            other_ecodes=_split(row["other_ecodes"]),
            aliases=_split(row["aliases"]),
            ended_on=date.fromisoformat(row["ended_on"]) if row["ended_on"] else None,
            successors=_split(row["successors"]),
            predecessors=tuple(predecessors.get(row["old_la_code"], ())),
        )
        for row in rows
    ]
    return Register(authorities)
