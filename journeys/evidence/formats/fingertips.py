"""OHID Fingertips data exports (CSV), e.g. hospital admissions for injuries to children.

One row per indicator × area × sex × age × category × period. The catalogue's Fingertips
indicators name the ``Indicator ID`` and ``Sex`` they read; rows for a deprivation decile (a
``Category Type``) describe no area and are skipped, as are rows of other indicators or sexes.
Areas are given by ONS code: England, or an upper-tier authority in the register. Periods are
financial years written ``2023/24``, stored as the year they end in.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

from journeys.authorities.register import Register, load_register
from journeys.evidence.catalogue import Catalogue, load_catalogue
from journeys.evidence.formats.base import Format, ImportProblem, ParsedFile, TableHead, read_csv
from journeys.evidence.records import Observation

FORMAT_ID = "ohid-fingertips"
FORMAT_TITLE = "OHID Fingertips data export"
REQUIRED = ("Indicator ID", "Area Code", "Area Type", "Category Type", "Time period", "Value", "Value note")
ENGLAND_CODE = "E92000001"
FINANCIAL_YEAR = re.compile(r"^(\d{4})/(\d{2})$")


def sniff(path: Path, head: TableHead) -> bool:
    return head.has_columns("Indicator ID", "Area Code", "Time period", "Value")


def parse(path: Path, register: Register | None = None, catalogue: Catalogue | None = None) -> ParsedFile:
    path = Path(path)
    register = register or load_register()
    catalogue = catalogue or load_catalogue()
    table = read_csv(path)
    for column in REQUIRED:
        if column not in table.columns:
            raise ImportProblem(path, "a required column is missing", column=column)
    at = {name: index for index, name in enumerate(table.columns)}
    indicators = [
        i
        for d in catalogue.datasets.values()
        if d.source_format == "fingertips"
        for i in catalogue.for_dataset(d.id)
    ]
    result = ParsedFile(format=FORMAT_ID, format_title=FORMAT_TITLE)
    seen: dict[tuple[str, str, int], tuple[int, float | None, str | None]] = {}
    combined: set[str] = set()
    for number, row in enumerate(table.rows, start=1):
        if not row:
            continue
        result.rows_read += 1

        def cell(column: str, row=row) -> str:
            return row[at[column]].strip()

        if cell("Category Type"):
            result.skipped.append((number, "a deprivation-decile breakdown, not an area"))
            continue
        carried = [i for i in indicators if all(cell(c) == v for c, v in i.filters.items())]
        if not carried:
            result.skipped.append((number, "an indicator, sex or age the catalogue does not use"))
            continue
        code = cell("Area Code")
        authority = register.lookup(code) if code != ENGLAND_CODE else None
        if code != ENGLAND_CODE and authority is None:
            raise ImportProblem(path, f"unknown area code {code!r}", row=number, column="Area Code")
        area = "England" if authority is None else authority.old_la_code
        match = FINANCIAL_YEAR.match(cell("Time period"))
        if not match or int(match[2]) != (int(match[1]) + 1) % 100:
            raise ImportProblem(
                path,
                f"time period {cell('Time period')!r} is not a financial year such as 2023/24",
                row=number,
                column="Time period",
            )
        year = int(match[1]) + 1
        value, symbol = _value(path, number, cell("Value"))
        if "combined" in cell("Value note").lower():
            combined.add(cell("Value note"))
        if all(seen.get((area, i.id, year), (0, None, "-"))[1:] == (value, symbol) for i in carried):
            # Fingertips repeats England's row as the comparator of every area group.
            result.skipped.append((number, "a repeat of an earlier row with the same figure"))
            continue
        for indicator in carried:
            key = (area, indicator.id, year)
            if key in seen:
                raise ImportProblem(
                    path,
                    f"a second, different figure for {area}, {indicator.id}, {year} "
                    f"(first in row {seen[key][0]})",
                    row=number,
                )
            seen[key] = (number, value, symbol)
            result.observations.append(
                Observation(
                    area,
                    indicator.id,
                    year,
                    value,
                    symbol,
                    catalogue.published(indicator.id, year),
                    "financial_year",
                )
            )
        result.rows_loaded += 1
    if not indicators:
        result.notes.append("No catalogue indicator comes from Fingertips; nothing was loaded.")
    result.notes.extend(f"{note}: each area is given the combined figure." for note in sorted(combined))
    return result


def _value(path: Path, number: int, text: str) -> tuple[float | None, str | None]:
    if not text:
        return None, "x"  # not presented; the row's Value note says why
    try:
        value = float(text)
    except ValueError:
        raise ImportProblem(path, f"{text!r} is not a number", row=number, column="Value") from None
    if not math.isfinite(value) or value < 0:
        raise ImportProblem(path, f"{text!r} is not a rate", row=number, column="Value")
    return value, None


FORMATS = (Format(id=FORMAT_ID, title=FORMAT_TITLE, sniff=sniff, parse=parse),)
