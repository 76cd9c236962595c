"""Explore Education Statistics (EES) tidy CSVs of children's social care statistics.

One row per time period × geography × filter values. A file is read as any of the catalogue's
datasets whose required columns it has, and yields an Observation for each catalogue indicator
a row carries (its column, where the row matches the indicator's filter values). Rows that feed
no indicator are counted as read and listed as skipped, with the reason.

Areas: National rows become "England", Regional rows the DfE region name (Inner/Outer London
split, plus London as a whole), Local authority rows the LA's 3-digit code, checked against the
register (the row's E-code must belong to the same LA; former LAs and old E-codes are allowed).
A joint return such as "314 / 318" gives each member LA the joint figure, recorded in
``ParsedFile.joint_returns`` so a benchmark can say so.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from pathlib import Path

from journeys.authorities.register import REGIONS, Register, load_register
from journeys.evidence.catalogue import Catalogue, Indicator, load_catalogue
from journeys.evidence.formats.base import (
    CsvTable,
    Format,
    ImportProblem,
    JointReturn,
    ParsedFile,
    TableHead,
    read_csv,
)
from journeys.evidence.records import PERIOD_KINDS, SYMBOLS, Observation

FORMAT_ID = "ees-csc"
FORMAT_TITLE = "Explore Education Statistics tidy CSV (children's social care)"

# Every EES file has these; a national-only file has no region or LA columns at all.
GEOGRAPHY_COLUMNS = ("time_period", "time_identifier", "geographic_level", "country_code")
# Needed only by the rows of that level.
LEVEL_COLUMNS = {
    "Regional": ("region_code",),
    "Local authority": ("old_la_code", "new_la_code", "la_name"),
}
# EES's time identifiers, and the period kinds of records.PERIOD_KINDS each may stand for
# (DfE labels the September workforce census a "Reporting year" too).
TIME_IDENTIFIERS = {
    "Reporting year": ("reporting_year", "census_date", "mid_year"),
    "Academic year": ("academic_year",),
    "Financial year": ("financial_year",),
    "Calendar year": ("mid_year", "census_date"),
}
TWO_YEAR_PERIODS = ("academic_year", "financial_year")  # written 202425 for 2024/25
# Breakdown values that name a denominator ("Total children", "Total ages 0 to 4 years"), as
# opposed to totals that are measures ("Total in education, employment or training").
TOTAL_ROWS = (
    "total children",
    "total ages",
    "total all ages",
    "total new placements",
    "total placements changing",
    "suitability total",
)
ENGLAND = "England"
# DfE publishes London as a whole alongside its Inner/Outer London split.
REGION_NAMES = frozenset(REGIONS) | {"London"}
REGION_CODE_LONDON = "E12000007"
JOINT_SEPARATOR = "/"
YEARS_MONTHS = re.compile(r"^\d{1,2}:\d{2}$")  # DfE's adoption timings: "01:07" is 1 year 7 months


def sniff(path: Path, head: TableHead) -> bool:
    """An EES tidy file has time_period and geographic_level; parse checks the rest."""
    return head.has_columns("time_period", "geographic_level")


def parse(path: Path, register: Register | None = None, catalogue: Catalogue | None = None) -> ParsedFile:
    """Read an EES tidy CSV into observations for the catalogue indicators it carries."""
    path = Path(path)
    register = register or load_register()
    catalogue = catalogue or load_catalogue()
    table = read_csv(path)
    missing = [c for c in GEOGRAPHY_COLUMNS if c not in table.columns]
    if missing:
        raise ImportProblem(
            path,
            f"missing required column{'s' if len(missing) > 1 else ''}: {', '.join(missing)}",
            column=missing[0],
        )

    # A national-only file has no region or LA columns; a file with some of them lacks the rest.
    for columns in LEVEL_COLUMNS.values():
        missing = [c for c in columns if c not in table.columns]
        if missing and len(missing) < len(columns):
            raise ImportProblem(
                path,
                f"missing required column{'s' if len(missing) > 1 else ''}: {', '.join(missing)}",
                column=missing[0],
            )
    datasets = [
        d for d in catalogue.datasets.values() if d.source_format == "ees" and d.recognises(table.columns)
    ]
    if not datasets:
        _refuse_partial_dataset(path, table, catalogue)
    indicators = [i for d in datasets for i in catalogue.for_dataset(d.id)]
    needed = dict.fromkeys(c for i in indicators for c in (i.column, *i.filters) if c)
    missing = [c for c in needed if c not in table.columns]
    if missing:
        raise ImportProblem(
            path,
            f"missing column{'s' if len(missing) > 1 else ''} that the catalogue reads: {', '.join(missing)}",
            column=missing[0],
        )
    result = ParsedFile(format=FORMAT_ID, format_title=FORMAT_TITLE)
    unused = "no catalogue indicator comes from this dataset"
    if datasets:
        result.notes.append(f"Read as: {'; '.join(d.title for d in datasets)}.")
        if not indicators:
            unused = "; ".join(d.not_loaded for d in datasets if d.not_loaded) or unused
            result.notes.append(f"Nothing was loaded: {unused}.")
    else:
        result.notes.append("No catalogue indicator comes from this dataset; nothing was loaded.")

    reader = _RowReader(path, table, register, indicators)
    filter_columns = list(dict.fromkeys(c for i in indicators for c in i.filters))
    seen: dict[tuple[str, str, int], int] = {}
    joint_years: dict[tuple[str, str], set[int]] = defaultdict(set)
    for number, row in enumerate(table.rows, start=1):
        if not row:
            continue
        result.rows_read += 1
        if not indicators:
            result.skipped.append((number, unused))
            continue
        carried = reader.carried(row)
        if not carried:
            result.skipped.append((number, reader.unused_reason(row, filter_columns)))
            continue
        areas, joint = reader.areas(row, number)
        if areas is None:
            result.skipped.append(
                (number, f"geographic level {reader.cell(row, 'geographic_level')!r} is not used")
            )
            continue
        for indicator in carried:
            year = reader.year(row, number, indicator)
            value, symbol = reader.value(row, number, indicator)
            published = catalogue.published(indicator.id, year)
            for area in areas:
                key = (area, indicator.id, year)
                if key in seen:
                    raise ImportProblem(
                        path,
                        f"a second figure for {area}, {indicator.id}, {year} (first in row {seen[key]})",
                        row=number,
                        column=indicator.column,
                    )
                seen[key] = number
                result.observations.append(
                    Observation(area, indicator.id, year, value, symbol, published, indicator.period_kind)
                )
            if joint:
                result.joint_returns.append(JointReturn(indicator.id, year, tuple(areas), *joint))
                joint_years[joint].add(year)
        result.rows_loaded += 1

    for (code, name), years in joint_years.items():
        result.notes.append(
            f"{name} ({code}) is a joint return in {_year_span(years)}: "
            "each member LA is given the joint figure."
        )
    return result


def _refuse_partial_dataset(path: Path, table: CsvTable, catalogue: Catalogue) -> None:
    """A file with most of a dataset's columns but not all is that dataset, damaged: refuse it.

    Otherwise a release with a renamed or dropped column would import as "nothing to load".
    """
    for dataset in catalogue.datasets.values():
        missing = [c for c in dataset.required_columns if c not in table.columns]
        if len(missing) <= len(dataset.required_columns) / 2:
            raise ImportProblem(
                path,
                f"looks like {dataset.title} but lacks {', '.join(missing)}",
                column=missing[0],
            )


def _year_span(years: set[int]) -> str:
    ordered = sorted(years)
    if ordered == list(range(ordered[0], ordered[-1] + 1)):
        return str(ordered[0]) if len(ordered) == 1 else f"{ordered[0]} to {ordered[-1]}"
    return ", ".join(map(str, ordered))


class _RowReader:
    """Reads and checks the cells of one file's rows, raising ImportProblem with the place."""

    def __init__(self, path: Path, table: CsvTable, register: Register, indicators: list[Indicator]):
        self.path = path
        # Indicators by the columns they filter on, then by the values they want: one lookup a
        # row for each set of filter columns, instead of testing every indicator's filters.
        self.by_filters: dict[tuple[str, ...], dict[tuple[str, ...], list[Indicator]]] = defaultdict(
            lambda: defaultdict(list)
        )
        for indicator in indicators:
            columns = tuple(sorted(indicator.filters))
            self.by_filters[columns][tuple(indicator.filters[c] for c in columns)].append(indicator)
        self.position = {name: index for index, name in enumerate(table.columns)}
        self.register = register
        self.region_by_code = {a.region_code: a.region for a in register.authorities}
        self.region_by_code[REGION_CODE_LONDON] = "London"

    def cell(self, row: tuple[str, ...], column: str) -> str:
        return row[self.position[column]].strip()

    def problem(self, reason: str, number: int, column: str | None) -> ImportProblem:
        return ImportProblem(self.path, reason, row=number, column=column)

    def carried(self, row: tuple[str, ...]) -> list[Indicator]:
        """The indicators whose filter values this row has."""
        found: list[Indicator] = []
        for columns, wanted in self.by_filters.items():
            found += wanted.get(tuple(self.cell(row, c) for c in columns), ())
        return found

    def unused_reason(self, row: tuple[str, ...], filter_columns: list[str]) -> str:
        """Why a row feeds no indicator: a breakdown's total, or a breakdown not in the catalogue."""
        values = [self.cell(row, c) for c in filter_columns]
        if any(v.lower().startswith(TOTAL_ROWS) for v in values):
            return "a total row (the denominator of the breakdown's percentages), not a measure"
        return "a breakdown the catalogue does not use"

    def year(self, row: tuple[str, ...], number: int, indicator: Indicator) -> int:
        """The year the row's period ends in, checked against the dataset's kind of period."""
        text = self.cell(row, "time_period")
        kind = indicator.period_kind or "reporting_year"
        identifier = self.cell(row, "time_identifier")
        if identifier in TIME_IDENTIFIERS and kind not in TIME_IDENTIFIERS[identifier]:
            raise self.problem(
                f"the time identifier is {identifier!r} but {indicator.dataset.title} "  # type: ignore[union-attr]
                f"counts in periods of a {PERIOD_KINDS[kind]}",
                number,
                "time_identifier",
            )
        if kind in TWO_YEAR_PERIODS:
            if not (len(text) == 6 and text.isdigit() and int(text[4:]) == (int(text[:4]) + 1) % 100):
                raise self.problem(
                    f"time period {text!r} is not a {PERIOD_KINDS[kind]} such as 202425",
                    number,
                    "time_period",
                )
            return int(text[:4]) + 1
        if not (len(text) == 4 and text.isdigit()):
            raise self.problem(f"time period {text!r} is not a year such as 2025", number, "time_period")
        return int(text)

    def areas(self, row: tuple[str, ...], number: int) -> tuple[list[str] | None, tuple[str, str] | None]:
        """The row's areas (several for a joint return), and (code, name) if it is joint."""
        level = self.cell(row, "geographic_level")
        missing = [c for c in LEVEL_COLUMNS.get(level, ()) if c not in self.position]
        if missing:
            raise self.problem(
                f"a {level.lower()} row, but the file has no {', '.join(missing)} column", number, missing[0]
            )
        if level == "National":
            return [ENGLAND], None
        if level == "Regional":
            return [self._region(row, number)], None
        if level == "Local authority":
            return self._authorities(row, number)
        return None, None

    def _region(self, row: tuple[str, ...], number: int) -> str:
        name = self.cell(row, "region_name") if "region_name" in self.position else ""
        code = self.cell(row, "region_code")
        name = name or self.region_by_code.get(code, "")
        if name not in REGION_NAMES:
            column = "region_name" if "region_name" in self.position else "region_code"
            raise self.problem(f"unknown region {name or code!r}", number, column)
        return name

    def _authorities(self, row: tuple[str, ...], number: int) -> tuple[list[str], tuple[str, str] | None]:
        old_code = self.cell(row, "old_la_code")
        new_code = self.cell(row, "new_la_code")
        name = self.cell(row, "la_name")
        old_codes = [c.strip() for c in old_code.split(JOINT_SEPARATOR)]
        new_codes = [c.strip() for c in new_code.split(JOINT_SEPARATOR)]
        if len(old_codes) != len(new_codes):
            raise self.problem(
                f"{len(old_codes)} LA codes but {len(new_codes)} E-codes in a joint return",
                number,
                "new_la_code",
            )
        areas = []
        for old, new in zip(old_codes, new_codes, strict=True):
            authority = self.register.lookup(old) if len(old) == 3 and old.isdigit() else None
            if authority is None:
                raise self.problem(
                    f"unknown LA code {old!r}: not a current or former LA in the register",
                    number,
                    "old_la_code",
                )
            if self.register.lookup(new) is not authority:
                raise self.problem(
                    f"E-code {new!r} does not belong to {authority.name} ({authority.old_la_code})",
                    number,
                    "new_la_code",
                )
            areas.append(authority.old_la_code)
        return areas, ((old_code, name) if len(areas) > 1 else None)

    def value(
        self, row: tuple[str, ...], number: int, indicator: Indicator
    ) -> tuple[float | None, str | None]:
        """A number, or a kept EES symbol; anything else, or an absurd number, is a problem."""
        column = indicator.column
        assert column is not None  # every dataset-backed indicator has one (catalogue schema)
        text = self.cell(row, column)
        if text in SYMBOLS:
            return None, text
        if indicator.unit.id == "months" and YEARS_MONTHS.match(text):
            years, months = text.split(":")
            return 12 * int(years) + int(months), None
        try:
            value = float(text)
        except ValueError:
            raise self.problem(
                f"{text!r} is neither a number nor an EES symbol ({', '.join(SYMBOLS)})", number, column
            ) from None
        if not math.isfinite(value):
            raise self.problem(f"{text!r} is not a finite number", number, column)
        if value < 0:
            raise self.problem(
                f"{text} is negative, which is impossible for {indicator.title.lower()}", number, column
            )
        if indicator.unit.id == "percent" and value > 100:
            raise self.problem(f"{text} is over 100 but the column is a percentage", number, column)
        return value, None


FORMATS = (Format(id=FORMAT_ID, title=FORMAT_TITLE, sniff=sniff, parse=parse),)
